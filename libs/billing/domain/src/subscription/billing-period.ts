import { type PlanInterval } from '../plan/plan-terms.js';

// Billing periods and proration, in UTC. A period of months or years is anchored: its
// n-th end is the anchor plus n intervals, on the anchor's day of the month or the last
// day of a shorter month (anchored on Jan 31: Feb 28, Mar 31, Apr 30), so periods never
// drift the way adding a month to the previous end would.

const DAY_MS = 86_400_000;

/** The end of the `n`-th period (n ≥ 1) of a subscription anchored at `anchor`. */
export function periodEnd(anchor: Date, interval: PlanInterval, intervalCount: number, n: number): Date {
  if (interval === 'day') return new Date(anchor.getTime() + n * intervalCount * DAY_MS);
  if (interval === 'week') return new Date(anchor.getTime() + n * intervalCount * 7 * DAY_MS);
  const months = (interval === 'year' ? 12 : 1) * intervalCount * n;
  const year = anchor.getUTCFullYear();
  const month = anchor.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const end = new Date(anchor);
  end.setUTCFullYear(year, month, Math.min(anchor.getUTCDate(), lastDay));
  return end;
}

/**
 * The part of `price` (minor units) that `remainingMs` of a `periodMs` period is worth, to
 * the second, rounded down: BigInt arithmetic, since a price up to 1e11 times a year's
 * seconds passes 2^53. Used twice by a plan change: the credit for the old plan's unused
 * time and the charge for the new plan's.
 */
export function prorate(price: number, remainingMs: number, periodMs: number): number {
  const period = BigInt(Math.floor(periodMs / 1000));
  if (period <= 0n) return 0;
  const remaining = BigInt(Math.min(Math.max(Math.floor(remainingMs / 1000), 0), Number(period)));
  return Number((BigInt(price) * remaining) / period);
}
