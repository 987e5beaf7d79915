import { UserError } from './errors.js';

// Plan limits are billing's; the contexts that create limited things (workflows,
// credentials, members, ...) ask through this port and count their own things. The
// count and the creation are not one transaction, so concurrent creations may end one
// over a limit: a soft limit, like every SaaS quota counted from a read model.

/** The limits a plan sets, by the names organizations' `settings.limits` use. */
export type PlanLimitName = 'maxWorkflows' | 'maxCredentials' | 'maxMembers' | 'maxTeams' | 'maxExecutionsPerMonth' | 'maxApiCallsPerHour' | 'maxStorageGb';

/** Billing's answer: the organization's limit, or `null` for unlimited. */
export interface PlanLimits {
  limitOf(organizationId: string, limit: PlanLimitName): Promise<number | null>;
  /** Every limit at once (one read): what a caller that needs several asks. */
  limitsOf(organizationId: string): Promise<Readonly<Record<PlanLimitName, number | null>>>;
}

/** A 402 `plan.limit_reached` with `limit`, `used` and `max` when one more would exceed `max`. */
export function assertWithinPlanLimit(limit: PlanLimitName, used: number, max: number | null): void {
  if (max === null || used < max) return;
  throw new UserError(
    'payment_required',
    'plan.limit_reached',
    `The plan allows ${max} (${limit}) and ${used} are in use; upgrade the plan or remove some first.`,
    { limit, used, max },
  );
}

/** Billing's meters where runs start: the runs of the organization's current usage window, and the bytes it stores (as last measured). */
export interface RunMeter {
  runsInWindow(organizationId: string, now: Date): Promise<number>;
  storedBytes(organizationId: string): Promise<number>;
  /** Whether the organization is suspended: its subscription unpaid (dunning ran out); its runs are refused, its data kept. */
  isSuspended(organizationId: string): Promise<boolean>;
}

/** The edge's API-call meter: counts one call of the organization's, or throws a 429 with `retryAfterSeconds` past its hourly limit. */
export interface ApiCallMeter {
  admit(organizationId: string): Promise<void>;
}
