import { type Queryable, type TenantTransaction } from '@weft/postgres';

/** An organization's subscription as `GET .../billing/subscription` shows it (api.md, Billing). */
export interface SubscriptionView {
  readonly planSlug: string;
  readonly status: 'trial' | 'active' | 'past_due' | 'unpaid' | 'canceled';
  readonly quantity: number;
  readonly trialEndsAt: string | null;
  readonly currentPeriodStart: string | null;
  readonly currentPeriodEnd: string | null;
  readonly cancelAtPeriodEnd: boolean;
  readonly endsAt: string | null;
}

interface SubscriptionRow {
  plan_slug: string;
  status: SubscriptionView['status'];
  quantity: number;
  trial_ends_at: Date | null;
  current_period_start: Date | null;
  current_period_end: Date | null;
  cancel_at_period_end: boolean;
  ends_at: Date | null;
}

const iso = (at: Date | null) => at?.toISOString() ?? null;

/** The organization's subscription; undefined before it started. */
export async function findSubscription(tx: TenantTransaction): Promise<SubscriptionView | undefined> {
  const { rows } = await tx.query<SubscriptionRow>(
    `select plan_slug, status, quantity, trial_ends_at, current_period_start, current_period_end, cancel_at_period_end, ends_at
       from subscriptions where organization_id = $1`,
    [tx.organizationId],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  return {
    planSlug: row.plan_slug,
    status: row.status,
    quantity: row.quantity,
    trialEndsAt: iso(row.trial_ends_at),
    currentPeriodStart: iso(row.current_period_start),
    currentPeriodEnd: iso(row.current_period_end),
    cancelAtPeriodEnd: row.cancel_at_period_end,
    endsAt: iso(row.ends_at),
  };
}

// Platform reads of the subscription clock (every organization: a job, not a request).

/** Organizations whose subscription has something due at `now` (trial end, period end), oldest due first. */
export async function dueSubscriptions(db: Queryable, now: Date, limit: number): Promise<{ organizationId: string }[]> {
  const { rows } = await db.query<{ organization_id: string }>(
    'select organization_id from subscriptions where next_billing_at <= $1 order by next_billing_at limit $2',
    [now, limit],
  );
  return rows.map((row) => ({ organizationId: row.organization_id }));
}

/** Organizations created whose subscription has not started yet (their trial), oldest first. */
export async function organizationsAwaitingTrial(db: Queryable, limit: number): Promise<{ organizationId: string; trialEndsAt: Date | null }[]> {
  const { rows } = await db.query<{ organization_id: string; trial_ends_at: Date | null }>(
    'select organization_id, trial_ends_at from billing_organizations where not subscription_started order by created_at limit $1',
    [limit],
  );
  return rows.map((row) => ({ organizationId: row.organization_id, trialEndsAt: row.trial_ends_at }));
}
