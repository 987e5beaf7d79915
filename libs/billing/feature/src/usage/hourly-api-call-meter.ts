import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type ApiCallMeter, type PlanLimits, UserError } from '@weft/kernel';
import { PLAN_LIMITS } from '@weft/ports';
import { Database } from '@weft/postgres';
import { type ApiCallCount, addApiCalls, apiCallsOf, hourOf } from '@weft/read-model-billing';

/** How often counted calls are written (and every replica's totals read back). */
const FLUSH_MS = 1_000;
/** How long an organization's hourly limit is trusted before it is asked again. */
const LIMIT_TTL_MS = 1_000;
const HOUR_MS = 3_600_000;

interface HourTally {
  readonly hour: number;
  /** Every replica's calls this hour, as of the last flush or read. */
  stored: number;
  /** Calls admitted here since. */
  pending: number;
}

/**
 * API calls per organization and hour, counted where requests enter (the gateway; the
 * platform in the embedded mode) and refused with 429 past the plan's
 * `api_calls_per_hour`. Counting is in memory and written once a second in one
 * statement, which answers every replica's totals too; so replicas share the limit
 * within a second of each other, and a process killed with -9 loses at most its last
 * second of counts (docs/billing.md).
 */
@Injectable()
export class HourlyApiCallMeter implements ApiCallMeter, OnApplicationShutdown {
  private readonly logger = new Logger('api-call-meter');
  private readonly tallies = new Map<string, HourTally>();
  private readonly limits = new Map<string, { max: number | null; until: number }>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(PLAN_LIMITS) private readonly planLimits: PlanLimits,
  ) {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  async admit(organizationId: string): Promise<void> {
    const now = Date.now();
    const max = await this.limitOf(organizationId, now);
    const tally = await this.tallyOf(organizationId, now, max !== null);
    if (max !== null && tally.stored + tally.pending >= max) {
      const retryAfterSeconds = Math.max(1, Math.ceil((tally.hour + HOUR_MS - now) / 1000));
      throw new UserError('rate_limited', 'plan.api_calls_exceeded', `The plan allows ${max} API calls an hour; try again in ${retryAfterSeconds} seconds.`, {
        limit: 'maxApiCallsPerHour',
        used: tally.stored + tally.pending,
        max,
        retryAfterSeconds,
      });
    }
    tally.pending += 1;
  }

  /** Writes the calls counted since the last flush and reads back every replica's totals. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write()).catch((error: unknown) => this.logger.warn(`API calls not written yet: ${String(error)}`));
    return this.flushing;
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async write(): Promise<void> {
    const counts: ApiCallCount[] = [];
    for (const [organizationId, tally] of this.tallies) {
      if (tally.pending > 0) counts.push({ organizationId, hour: new Date(tally.hour), quantity: tally.pending });
    }
    if (counts.length === 0) return this.forgetPastHours();
    for (const count of counts) this.tallies.get(count.organizationId)!.pending -= count.quantity;
    try {
      for (const total of await addApiCalls(this.db, counts)) {
        const tally = this.tallies.get(total.organizationId);
        if (tally?.hour === total.hour.getTime()) tally.stored = total.quantity;
      }
    } catch (error) {
      // Not written: counted again with the next flush.
      for (const count of counts) {
        const tally = this.tallies.get(count.organizationId);
        if (tally?.hour === count.hour.getTime()) tally.pending += count.quantity;
      }
      throw error;
    }
    this.forgetPastHours();
  }

  private forgetPastHours(): void {
    const hour = hourOf(new Date()).getTime();
    for (const [organizationId, tally] of this.tallies) if (tally.hour < hour && tally.pending === 0) this.tallies.delete(organizationId);
  }

  private async tallyOf(organizationId: string, now: number, limited: boolean): Promise<HourTally> {
    const hour = hourOf(new Date(now)).getTime();
    const known = this.tallies.get(organizationId);
    if (known?.hour === hour) return known;
    if (known !== undefined && known.pending > 0) await this.flush(); // the past hour's calls first
    // A limited organization starts from what the other replicas counted; an unlimited one is only counted.
    // Unreadable (the table not migrated yet, the database away): this replica's own count still limits.
    const stored = limited ? await apiCallsOf(this.db, organizationId, new Date(hour)).catch(() => 0) : 0;
    const tally = this.tallies.get(organizationId)?.hour === hour ? this.tallies.get(organizationId)! : { hour, stored, pending: 0 };
    this.tallies.set(organizationId, tally);
    return tally;
  }

  private async limitOf(organizationId: string, now: number): Promise<number | null> {
    const known = this.limits.get(organizationId);
    if (known !== undefined && known.until > now) return known.max;
    const max = await this.planLimits.limitOf(organizationId, 'maxApiCallsPerHour');
    if (this.limits.size > 50_000) this.limits.clear();
    this.limits.set(organizationId, { max, until: now + LIMIT_TTL_MS });
    return max;
  }
}
