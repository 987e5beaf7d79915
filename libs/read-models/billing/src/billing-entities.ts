import { defineEntity, p } from '@mikro-orm/postgresql';
import { tenantEntity } from '@weft/orm';

// The billing read model's tables as MikroORM entities (docs/read-models-orm.md): the
// projection's DDL creates them; billing-entities.int.spec.ts fails on drift.

const tstz = () => p.datetime().columnType('timestamptz');

export const PlanEntity = defineEntity({
  name: 'Plan',
  tableName: 'plans',
  properties: {
    slug: p.text().primary(),
    name: p.text(),
    description: p.text().nullable(),
    price: p.bigint('number'),
    currency: p.text(),
    interval: p.enum(['day', 'week', 'month', 'year'] as const).columnType('text'),
    intervalCount: p.integer(),
    trialDays: p.integer(),
    features: p.json<string[]>(),
    limits: p.json<Record<string, number | null>>(),
    isActive: p.boolean(),
    sortOrder: p.integer(),
    version: p.integer(),
    createdAt: tstz(),
    updatedAt: tstz(),
  },
  checks: [{ name: 'plans_price_check', expression: 'price >= 0' }],
  indexes: [{ name: 'plans_active_sort_order_idx', properties: ['sortOrder', 'slug'], where: 'is_active' }],
});

export const SubscriptionEntity = defineEntity({
  name: 'Subscription',
  tableName: 'subscriptions',
  properties: {
    organizationId: p.uuid().primary(),
    planSlug: p.text(),
    planVersion: p.integer(),
    status: p.enum(['trial', 'active', 'past_due', 'unpaid', 'canceled'] as const).columnType('text'),
    quantity: p.integer().default(1),
    price: p.bigint('number'),
    currency: p.text(),
    interval: p.text(),
    intervalCount: p.integer(),
    trialEndsAt: tstz().nullable(),
    currentPeriodStart: tstz().nullable(),
    currentPeriodEnd: tstz().nullable(),
    cancelAtPeriodEnd: p.boolean().default(false),
    endsAt: tstz().nullable(),
    nextBillingAt: tstz().nullable(),
    createdAt: tstz(),
    updatedAt: tstz(),
  },
  indexes: [{ name: 'subscriptions_next_billing_at_idx', properties: ['nextBillingAt'], where: 'next_billing_at is not null' }],
  ...tenantEntity('organizationId'),
});

export const BillingOrganizationEntity = defineEntity({
  name: 'BillingOrganization',
  tableName: 'billing_organizations',
  properties: {
    organizationId: p.uuid().primary(),
    trialEndsAt: tstz().nullable(),
    createdAt: tstz().nullable(),
    subscriptionStarted: p.boolean().default(false),
  },
  indexes: [{ name: 'billing_organizations_awaiting_idx', properties: ['createdAt'], where: 'not subscription_started' }],
  ...tenantEntity('organizationId'),
});

export const UsageCounterEntity = defineEntity({
  name: 'UsageCounter',
  tableName: 'billing_usage',
  properties: {
    organizationId: p.uuid().primary(),
    metric: p.text().primary(),
    hour: tstz().primary(),
    quantity: p.bigint('number'),
  },
  ...tenantEntity('organizationId'),
});

export const UsageGaugeEntity = defineEntity({
  name: 'UsageGauge',
  tableName: 'billing_usage_gauges',
  properties: {
    organizationId: p.uuid().primary(),
    metric: p.text().primary(),
    quantity: p.bigint('number'),
  },
  ...tenantEntity('organizationId'),
});

export const ApiCallCountEntity = defineEntity({
  name: 'ApiCallCount',
  tableName: 'billing_api_calls',
  properties: {
    organizationId: p.uuid().primary(),
    hour: tstz().primary(),
    quantity: p.bigint('number'),
  },
  ...tenantEntity('organizationId'),
});

export const StoredBytesEntity = defineEntity({
  name: 'StoredBytes',
  tableName: 'billing_storage',
  properties: {
    organizationId: p.uuid().primary(),
    bytes: p.bigint('number'),
    measuredAt: tstz(),
  },
  ...tenantEntity('organizationId'),
});

export const InvoiceEntity = defineEntity({
  name: 'Invoice',
  tableName: 'invoices',
  properties: {
    id: p.text().primary(),
    organizationId: p.uuid(),
    number: p.text().nullable(),
    status: p.enum(['draft', 'open', 'paid', 'void', 'uncollectible'] as const).columnType('text'),
    currency: p.text(),
    subtotal: p.bigint('number'),
    total: p.bigint('number'),
    lines: p.json<unknown[]>(),
    billingReason: p.text().default('subscription_cycle'),
    periodStart: tstz(),
    periodEnd: tstz(),
    dueDate: tstz().nullable(),
    paidAt: tstz().nullable(),
    attempts: p.integer().default(0),
    nextAttemptAt: tstz().nullable(),
    lastFailure: p.text().nullable(),
    providerPaymentId: p.text().nullable(),
    createdAt: tstz(),
    updatedAt: tstz(),
  },
  indexes: [
    { name: 'invoices_organization_period_idx', expression: 'create index invoices_organization_period_idx on invoices (organization_id, period_start desc)' },
    { name: 'invoices_collect_idx', properties: ['nextAttemptAt'], where: "status = 'open'" },
    { name: 'invoices_draft_idx', properties: ['createdAt'], where: "status = 'draft'" },
  ],
  ...tenantEntity('organizationId'),
});

export const billingEntities = [
  PlanEntity,
  SubscriptionEntity,
  BillingOrganizationEntity,
  UsageCounterEntity,
  UsageGaugeEntity,
  ApiCallCountEntity,
  StoredBytesEntity,
  InvoiceEntity,
];
