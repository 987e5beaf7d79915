import { Inject, Injectable } from '@nestjs/common';
import { PLAN_LIMIT_NAMES, type SubscribedPlan, type SubscriptionCommand, subscriptionDecider } from '@weft/billing-domain';
import { type CommandResult, type EventStreamStore, UserError, handleCommand } from '@weft/kernel';
import { EVENT_STORE, ReadYourWrites } from '@weft/nest';
import { Database, withTenant } from '@weft/postgres';
import { SUBSCRIPTIONS_PROJECTION, type SubscriptionView, findPlan, findSubscription } from '@weft/read-model-billing';

/** Every limit named, unlimited unless the plan sets it. */
const UNLIMITED = Object.fromEntries(PLAN_LIMIT_NAMES.map((name) => [name, null])) as SubscribedPlan['limits'];

/** An organization's subscription stream: `billing.Subscription-<organizationId>` (one per organization). */
export const subscriptionStreamId = (organizationId: string) => `billing.Subscription-${organizationId}`;

/** Load, decide, append a Subscription command; the plans a command names, from the plans read model. */
@Injectable()
export class SubscriptionStreams {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    @Inject(Database) private readonly db: Database,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  decide(command: SubscriptionCommand): Promise<CommandResult<unknown>> {
    return handleCommand({ store: this.store, streamId: subscriptionStreamId(command.metadata.organizationId), decider: subscriptionDecider, command });
  }

  /** Decides, waits until the subscriptions read model has it, answers with the organization's subscription. */
  async decideAndShow(command: SubscriptionCommand & { metadata: { organizationId: string } }): Promise<SubscriptionView> {
    const organizationId = command.metadata.organizationId;
    const result = await this.decide(command);
    await this.readYourWrites.afterCommand(subscriptionStreamId(organizationId), result, [SUBSCRIPTIONS_PROJECTION]);
    return this.show(organizationId);
  }

  async show(organizationId: string): Promise<SubscriptionView> {
    const view = await withTenant(this.db, organizationId, (tx) => findSubscription(tx));
    if (view === undefined) throw new UserError('not_found', 'subscription.not_found', 'This organization has no subscription yet.');
    return view;
  }

  /** The plan as a subscription takes it now: offered (404 unknown, 409 retired), at its current version. */
  async offeredPlan(slug: string): Promise<SubscribedPlan> {
    const plan = typeof slug === 'string' && /^[a-z0-9-]{1,63}$/.test(slug) ? await findPlan(this.db, slug) : undefined;
    if (plan === undefined) throw new UserError('not_found', 'plan.not_found', 'No such plan.');
    if (!plan.isActive) throw new UserError('conflict', 'plan.retired', 'This plan is no longer offered.');
    return {
      planSlug: plan.slug,
      planVersion: plan.version,
      price: plan.price,
      currency: plan.currency,
      interval: plan.interval,
      intervalCount: plan.intervalCount,
      limits: { ...UNLIMITED, ...plan.limits },
    };
  }
}
