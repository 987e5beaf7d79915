import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SYSTEM_ACTOR, isUserError } from '@weft/kernel';
import { PeriodicTask } from '@weft/nest';
import { Database } from '@weft/postgres';
import { dueSubscriptions, organizationsAwaitingTrial } from '@weft/read-model-billing';
import { type BillingConfig } from '../billing-config.js';
import { BILLING_CONFIG } from '../billing.tokens.js';
import { SubscriptionStreams } from './subscription-streams.js';

/** Subscriptions handled per tick and kind; the rest wait for the next tick. */
const BATCH = 500;

export interface ClockReport {
  readonly trialsStarted: number;
  readonly advanced: number;
}

/**
 * The subscription clock: starts the trial of every organization tenancy created, and
 * advances every subscription with something due (a trial's end, a period's end, the end
 * of a canceled one), every BILLING_CLOCK_INTERVAL_MS. Exactly once across replicas by
 * construction rather than by a lock: the decider decides from the subscription's state
 * and the tick's time, and appends at the version it loaded, so of two replicas deciding
 * the same thing one appends and the other, after the conflict, loads the new state and
 * decides nothing. The read model only says where to look (it may lag: a lagging row
 * costs a command that decides nothing). Command ids (`trial:<organization>`,
 * `advance:<organization>:<tick instant>`) make a retried tick a replay. Not the due
 * instant: a read model that still showed an old due instant would make a later tick's
 * command look like the earlier one's replay, and its period would never close.
 */
@Injectable()
export class SubscriptionClock implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('subscription-clock');
  private readonly task = new PeriodicTask(this.logger, 'the subscription clock', () => this.runOnce(new Date()));

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
    private readonly subscriptions: SubscriptionStreams,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start({ firstAfterMs: 1_000, intervalMs: this.config.clockIntervalMs });
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** One tick at `now` (tests pass their own clock). */
  async runOnce(now: Date): Promise<ClockReport> {
    const trialsStarted = await this.startTrials(now);
    let advanced = 0;
    for (const { organizationId } of await dueSubscriptions(this.db, now, BATCH)) {
      const metadata = { ...this.system(`advance:${organizationId}:${now.toISOString()}`, now), organizationId };
      const result = await this.subscriptions.decide({ type: 'AdvanceSubscription', data: {}, metadata });
      advanced += result.newEvents.length > 0 ? 1 : 0;
    }
    if (trialsStarted + advanced > 0) this.logger.log(`subscriptions: ${trialsStarted} trial(s) started, ${advanced} advanced`);
    return { trialsStarted, advanced };
  }

  private async startTrials(now: Date): Promise<number> {
    if (this.config.trialPlan === null) return 0; // billing off (BILLING_TRIAL_PLAN=none): no subscriptions
    const awaiting = await organizationsAwaitingTrial(this.db, BATCH);
    if (awaiting.length === 0) return 0;
    const plan = await this.subscriptions.offeredPlan(this.config.trialPlan).catch((error: unknown) => {
      if (isUserError(error)) this.logger.warn(`no trial can start: the trial plan "${this.config.trialPlan}" is ${error.code}`);
      return undefined;
    });
    if (plan === undefined) return 0;
    let started = 0;
    for (const { organizationId, trialEndsAt } of awaiting) {
      const metadata = { ...this.system(`trial:${organizationId}`, now), organizationId };
      const data = { ...plan, trialEndsAt: (trialEndsAt ?? now).toISOString() };
      const result = await this.subscriptions.decide({ type: 'StartTrial', data, metadata });
      started += result.newEvents.length > 0 ? 1 : 0;
    }
    return started;
  }

  private system(commandId: string, now: Date) {
    return { commandId, now, actorId: SYSTEM_ACTOR.id, actorType: SYSTEM_ACTOR.type };
  }
}
