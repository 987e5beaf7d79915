import { type TenantTransaction } from '@weft/postgres';
import { type UsageGauge } from './usage-projection.js';

/** The window the monthly run limit counts in, and what was metered in it. */
export interface MeteredRuns {
  readonly periodStart: Date;
  readonly periodEnd: Date;
  readonly used: number;
}

/**
 * The usage window at `now`: the subscription's current period when it is billed monthly
 * (active or past due), else the UTC calendar month (a trial, a yearly plan, no
 * subscription). Runs count by the hour they were queued in: the hour a window starts
 * in belongs to it whole, so every run counts in exactly one window.
 */
const WINDOW = `
  with period as (
    select current_period_start as s, current_period_end as e from subscriptions
     where organization_id = $1 and status in ('active', 'past_due') and interval = 'month' and interval_count = 1
       and current_period_start <= $2 and current_period_end > $2
  ), win as (
    select coalesce((select s from period), date_trunc('month', $2::timestamptz, 'UTC')) as s,
           coalesce((select e from period), date_trunc('month', $2::timestamptz, 'UTC') + interval '1 month') as e
  )`;

/** Runs queued in the organization's usage window at `now` (usage-projection.ts meters them). */
export async function meteredRuns(tx: TenantTransaction, now: Date): Promise<MeteredRuns> {
  const { rows } = await tx.query<{ s: Date; e: Date; used: string }>(
    `${WINDOW}
     select win.s, win.e, (select coalesce(sum(quantity), 0) from billing_usage u
        where u.organization_id = $1 and u.metric = 'executions' and u.hour >= date_trunc('hour', win.s, 'UTC') and u.hour < date_trunc('hour', win.e, 'UTC'))::text as used
       from win`,
    [tx.organizationId, now],
  );
  const row = rows[0]!;
  return { periodStart: row.s, periodEnd: row.e, used: Number(row.used) };
}

/** The organization's workflows, credentials and members, as metered from their events. */
export async function usageGauges(tx: TenantTransaction): Promise<Record<UsageGauge, number>> {
  const { rows } = await tx.query<{ metric: UsageGauge; quantity: string }>(
    'select metric, quantity::text as quantity from billing_usage_gauges where organization_id = $1',
    [tx.organizationId],
  );
  const gauges: Record<UsageGauge, number> = { workflows: 0, credentials: 0, team_members: 0 };
  for (const row of rows) gauges[row.metric] = Number(row.quantity);
  return gauges;
}
