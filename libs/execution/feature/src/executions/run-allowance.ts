import { Inject, Injectable, Optional } from '@nestjs/common';
import { type PlanLimits, type RunMeter, UserError } from '@weft/kernel';
import { PLAN_LIMITS, RUN_METER } from '@weft/ports';

/** How long an organization's limits and meters are trusted before they are read again. */
const TTL_MS = 1_000;
const MAX_ORGANIZATIONS = 50_000;
const GB = 1_000_000_000;

interface Allowance {
  readonly maxRuns: number | null;
  /** Metered runs as read, plus the runs this process let start since. */
  runs: number;
  readonly maxStorageBytes: number | null;
  readonly storedBytes: number;
  readonly suspended: boolean;
  readonly until: number;
}

const refusal = (limit: string, used: number, max: number, message: string) =>
  new UserError('payment_required', 'plan.limit_reached', message, { limit, used, max });

/**
 * The plan limits a run start checks, and the suspension of an organization whose
 * invoice went unpaid (402 `billing.suspended`), for every way a run starts (manual, API, webhook,
 * schedule, retry, sub-workflow, error workflow): 402 `plan.limit_reached` past the
 * plan's `executions_per_month` or `storage_gb`. Limits and billing's meters are read at
 * most once a second per organization and the runs started here meanwhile are added, so
 * the hot path pays a map lookup; runs other processes start in that second may pass a
 * limit by as many (a soft limit, as every count from a read model: kernel plan-limits.ts).
 */
@Injectable()
export class RunAllowance {
  private readonly allowances = new Map<string, Allowance>();

  constructor(
    @Inject(PLAN_LIMITS) private readonly limits: PlanLimits,
    // Absent where billing is not wired (library tests): runs are not limited then.
    @Optional() @Inject(RUN_METER) private readonly meter?: RunMeter,
  ) {}

  /** Admits one more run of the organization, or throws the 402. */
  async admit(organizationId: string): Promise<void> {
    if (this.meter === undefined) return;
    const now = Date.now();
    let allowance = this.allowances.get(organizationId);
    if (allowance === undefined || allowance.until <= now) {
      allowance = await this.read(this.meter, organizationId, now);
      if (this.allowances.size >= MAX_ORGANIZATIONS) this.allowances.clear();
      this.allowances.set(organizationId, allowance);
    }
    const { maxRuns, runs, maxStorageBytes, storedBytes, suspended } = allowance;
    if (suspended)
      throw new UserError(
        'payment_required',
        'billing.suspended',
        'This organization is suspended: an invoice is unpaid. Pay it (GET .../billing/invoices) and runs start again.',
      );
    if (maxRuns !== null && runs >= maxRuns)
      throw refusal(
        'maxExecutionsPerMonth',
        runs,
        maxRuns,
        `The plan allows ${maxRuns} runs a month and ${runs} have run; upgrade the plan or wait for the next month.`,
      );
    if (maxStorageBytes !== null && storedBytes >= maxStorageBytes)
      throw refusal(
        'maxStorageGb',
        Math.ceil(storedBytes / 1_000_000) / 1_000,
        maxStorageBytes / GB,
        `The plan allows ${maxStorageBytes / GB} GB of storage and ${storedBytes} bytes are stored; upgrade the plan or let retention remove old runs.`,
      );
    allowance.runs += 1;
  }

  private async read(meter: RunMeter, organizationId: string, now: number): Promise<Allowance> {
    const { maxExecutionsPerMonth: maxRuns, maxStorageGb } = await this.limits.limitsOf(organizationId);
    const [runs, storedBytes, suspended] = await Promise.all([
      maxRuns === null ? 0 : meter.runsInWindow(organizationId, new Date(now)),
      maxStorageGb === null ? 0 : meter.storedBytes(organizationId),
      meter.isSuspended(organizationId),
    ]);
    return { maxRuns, runs, maxStorageBytes: maxStorageGb === null ? null : maxStorageGb * GB, storedBytes, suspended, until: now + TTL_MS };
  }
}
