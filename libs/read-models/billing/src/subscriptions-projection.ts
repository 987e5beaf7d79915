import {
  type OrganizationCreatedData,
  type SubscriptionActivatedData,
  type SubscriptionCanceledData,
  type SubscriptionDunningData,
  type SubscriptionCancellationScheduledData,
  type SubscriptionPlanChangedData,
  type SubscriptionRenewedData,
  type SubscriptionTrialStartedData,
} from '@weft/contracts';
import { type RecordedEvent, contextOfStream } from '@weft/kernel';
import { tenantIsolationDdl } from '@weft/postgres';
import { type ProjectionDefinition, type ProjectionTransaction } from '@weft/projections';

export const SUBSCRIPTIONS_PROJECTION = 'billing_subscriptions';

// `subscriptions` (the reference table, one row per organization: the Subscription
// stream's state) and `billing_organizations` (billing's own small projection of
// tenancy's OrganizationCreated: which organizations exist and when their trial ends,
// and whether their subscription has started). `next_billing_at` is what the
// subscription clock looks for: the trial's end, the current period's end, or null.

const createSubscriptions = (t: string) => [
  `create table ${t} (
     organization_id uuid not null,
     plan_slug text not null,
     plan_version integer not null,
     status text not null,
     quantity integer not null default 1,
     price bigint not null,
     currency text not null,
     interval text not null,
     interval_count integer not null,
     trial_ends_at timestamptz,
     current_period_start timestamptz,
     current_period_end timestamptz,
     cancel_at_period_end boolean not null default false,
     ends_at timestamptz,
     next_billing_at timestamptz,
     created_at timestamptz not null,
     updated_at timestamptz not null,
     constraint ${t}_pkey primary key (organization_id),
     constraint ${t}_status_check check (status in ('trial', 'active', 'past_due', 'unpaid', 'canceled'))
   )`,
  `create index ${t}_next_billing_at_idx on ${t} (next_billing_at) where next_billing_at is not null`,
  ...tenantIsolationDdl(t),
];

const createBillingOrganizations = (t: string) => [
  `create table ${t} (
     organization_id uuid not null,
     trial_ends_at timestamptz,
     created_at timestamptz,
     subscription_started boolean not null default false,
     constraint ${t}_pkey primary key (organization_id)
   )`,
  `create index ${t}_awaiting_idx on ${t} (created_at) where not subscription_started`,
  ...tenantIsolationDdl(t),
];

type Apply = (tx: ProjectionTransaction, data: never, event: RecordedEvent) => Promise<unknown>;

// A renewal does not settle what is owed: past due and unpaid stay until dunning's marks say otherwise.
const period = (t: string) => `update ${t} set status = case when status in ('past_due', 'unpaid') then status else 'active' end,
  current_period_start = $2, current_period_end = $3, next_billing_at = $3, updated_at = $4
  where organization_id = $1`;

const dunningMark = (tx: ProjectionTransaction, d: SubscriptionDunningData) =>
  tx.query(`update ${tx.table('subscriptions')} set status = $2, updated_at = $3 where organization_id = $1 and status <> 'canceled'`, [
    d.organizationId,
    d.status,
    d.at,
  ]);

const handlers: Readonly<Record<string, Apply>> = {
  OrganizationCreated: (tx, d: OrganizationCreatedData) =>
    tx.query(
      `insert into ${tx.table('billing_organizations')} (organization_id, trial_ends_at, created_at) values ($1, $2, $3) on conflict (organization_id) do update set trial_ends_at = excluded.trial_ends_at, created_at = excluded.created_at`,
      [d.organizationId, d.trialEndsAt, d.createdAt],
    ),
  SubscriptionTrialStarted: async (tx, d: SubscriptionTrialStartedData) => {
    await tx.query(
      `insert into ${tx.table('subscriptions')} (organization_id, plan_slug, plan_version, status, price, currency, interval, interval_count, trial_ends_at, next_billing_at, created_at, updated_at)
       values ($1, $2, $3, 'trial', $4, $5, $6, $7, $8, $8, $9, $9) on conflict (organization_id) do nothing`,
      [d.organizationId, d.planSlug, d.planVersion, d.price, d.currency, d.interval, d.intervalCount, d.trialEndsAt, d.trialStartedAt],
    );
    await tx.query(
      `insert into ${tx.table('billing_organizations')} (organization_id, subscription_started) values ($1, true) on conflict (organization_id) do update set subscription_started = true`,
      [d.organizationId],
    );
  },
  SubscriptionPlanChanged: (tx, d: SubscriptionPlanChangedData) =>
    tx.query(
      `update ${tx.table('subscriptions')} set plan_slug = $2, plan_version = $3, price = $4, currency = $5, interval = $6, interval_count = $7,
         current_period_start = coalesce($8, current_period_start), current_period_end = coalesce($9, current_period_end),
         next_billing_at = case when $9::timestamptz is null then next_billing_at else $9::timestamptz end, updated_at = $10
       where organization_id = $1`,
      [d.organizationId, d.planSlug, d.planVersion, d.price, d.currency, d.interval, d.intervalCount, d.currentPeriodStart, d.currentPeriodEnd, d.changedAt],
    ),
  SubscriptionActivated: (tx, d: SubscriptionActivatedData) =>
    tx.query(period(tx.table('subscriptions')), [d.organizationId, d.currentPeriodStart, d.currentPeriodEnd, d.activatedAt]),
  SubscriptionRenewed: (tx, d: SubscriptionRenewedData) =>
    tx.query(period(tx.table('subscriptions')), [d.organizationId, d.currentPeriodStart, d.currentPeriodEnd, d.renewedAt]),
  SubscriptionCancellationScheduled: (tx, d: SubscriptionCancellationScheduledData) =>
    tx.query(`update ${tx.table('subscriptions')} set cancel_at_period_end = true, ends_at = $2, updated_at = $3 where organization_id = $1`, [
      d.organizationId,
      d.endsAt,
      d.requestedAt,
    ]),
  SubscriptionCancellationWithdrawn: (tx, d: { organizationId: string; withdrawnAt: string }) =>
    tx.query(`update ${tx.table('subscriptions')} set cancel_at_period_end = false, ends_at = null, updated_at = $2 where organization_id = $1`, [
      d.organizationId,
      d.withdrawnAt,
    ]),
  SubscriptionPastDue: dunningMark,
  SubscriptionUnpaid: dunningMark,
  SubscriptionRecovered: dunningMark,
  SubscriptionCanceled: (tx, d: SubscriptionCanceledData) =>
    tx.query(
      `update ${tx.table('subscriptions')} set status = 'canceled', cancel_at_period_end = false, ends_at = $2, next_billing_at = null, updated_at = $2 where organization_id = $1`,
      [d.organizationId, d.endedAt],
    ),
};

const CONTEXTS = new Set(['billing', 'tenancy']);

/** The subscriptions read model, from billing's Subscription streams and tenancy's OrganizationCreated. */
export const subscriptionsProjection: ProjectionDefinition = {
  name: SUBSCRIPTIONS_PROJECTION,
  tables: [
    { name: 'subscriptions', create: createSubscriptions },
    { name: 'billing_organizations', create: createBillingOrganizations },
  ],
  accepts: (event) => CONTEXTS.has(contextOfStream(event.streamId) ?? '') && Object.hasOwn(handlers, event.type),
  async apply(event, tx) {
    if (!CONTEXTS.has(contextOfStream(event.streamId) ?? '')) return;
    await handlers[event.type]?.(tx, event.data as never, event);
  },
};
