import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SEEDED_PLANS, planDecider } from '@weft/billing-domain';
import { type EventStreamStore, SYSTEM_ACTOR, handleCommand, isUserError } from '@weft/kernel';
import { EVENT_STORE } from '@weft/nest';
import { planStreamId } from './plan-streams.js';

/**
 * Adds the seeded plans (free, starter, pro, enterprise) whose slug was never used, at
 * start. Each is one AddPlan with a command id derived from the slug: replicas starting
 * together append it once (the second finds the stream, or its own events, and stops),
 * and a plan a super admin changed or retired is left as it is.
 */
@Injectable()
export class PlanSeeding implements OnApplicationBootstrap {
  private readonly logger = new Logger('billing-plans');

  constructor(@Inject(EVENT_STORE) private readonly store: EventStreamStore) {}

  async onApplicationBootstrap(): Promise<void> {
    const now = new Date();
    for (const { slug, ...terms } of SEEDED_PLANS) {
      const streamId = planStreamId(slug);
      if ((await this.store.readStream(streamId)).length > 0) continue;
      const metadata = { commandId: `plan-seed:${slug}`, now, actorId: SYSTEM_ACTOR.id, actorType: SYSTEM_ACTOR.type };
      try {
        const result = await handleCommand({
          store: this.store,
          streamId,
          decider: planDecider,
          command: { type: 'AddPlan', data: { slug, terms }, metadata },
        });
        if (result.newEvents.length > 0) this.logger.log(`plan ${slug} added`);
      } catch (error) {
        if (!(isUserError(error) && error.code === 'plan.exists')) throw error;
      }
    }
  }
}
