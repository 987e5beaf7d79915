import { Inject, Injectable } from '@nestjs/common';
import { type PlanCommand, planDecider } from '@weft/billing-domain';
import { type EventStreamStore, UserError, handleCommand } from '@weft/kernel';
import { EVENT_STORE, ReadYourWrites } from '@weft/nest';
import { Database } from '@weft/postgres';
import { PLANS_PROJECTION, findPlan } from '@weft/read-model-billing';
import { type AdminPlanView } from './plan-views.js';

/** A plan's stream: `billing.Plan-<slug>` (the slug names the plan for good). */
export const planStreamId = (slug: string) => `billing.Plan-${slug}`;

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Load, decide, append a Plan command, wait for the plans read model, answer with the plan. */
@Injectable()
export class PlanStreams {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    @Inject(Database) private readonly db: Database,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async decideAndShow(slug: string, command: PlanCommand): Promise<AdminPlanView> {
    // A path slug that cannot name a plan names none (an added one is checked by the decider, field by field).
    if (command.type !== 'AddPlan' && !SLUG.test(slug)) throw new UserError('not_found', 'plan.not_found', 'No such plan.');
    const streamId = planStreamId(slug);
    const result = await handleCommand({ store: this.store, streamId, decider: planDecider, command });
    await this.readYourWrites.afterCommand(streamId, result, [PLANS_PROJECTION]);
    const plan = await findPlan(this.db, slug);
    if (plan === undefined) throw new UserError('not_found', 'plan.not_found', 'No such plan.');
    return plan;
  }
}
