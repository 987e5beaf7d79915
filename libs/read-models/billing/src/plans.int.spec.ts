import { randomUUID } from 'node:crypto';
import { type RecordedEvent } from '@weft/kernel';
import { schemaDrift } from '@weft/orm';
import { projectionTransaction } from '@weft/projections';
import { tenantIsolationMigrations } from '@weft/postgres';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { billingEntities } from './billing-entities.js';
import { plansProjection } from './plans-projection.js';
import { invoicesProjection } from './invoices-projection.js';
import { subscriptionsProjection } from './subscriptions-projection.js';
import { billingUsageMigrations } from './usage-tables.js';
import { usageProjection } from './usage-projection.js';
import { findPlan, listActivePlans } from './plans-queries.js';

// The plans read model on the real PostgreSQL: added, changed and retired plans, the
// public list in its order, versions applied once (a redelivered or replayed event
// changes nothing, an older version never overwrites a newer one), and the MikroORM
// entity describing the table exactly.

let database: TestDatabase;
const names = new Map(plansProjection.tables.map((table) => [table.name, table.name]));
const at = '2026-12-07T10:00:00.000Z';
const terms = (price: number, sortOrder: number) => ({
  name: `Plan ${price}`,
  description: null,
  price,
  currency: 'usd',
  interval: 'month',
  intervalCount: 1,
  trialDays: 14,
  features: ['Webhooks'],
  limits: { workflows: 10, executions_per_month: null, team_members: 3, credentials: 5, storage_gb: 1, api_calls_per_hour: 1000 },
  sortOrder,
});

const event = (type: string, data: Record<string, unknown>): RecordedEvent =>
  ({
    eventId: randomUUID(),
    streamId: `billing.Plan-${String(data['slug'])}`,
    streamVersion: 0,
    type,
    schemaVersion: 1,
    data,
    metadata: {},
    occurredAt: new Date(at),
  }) as unknown as RecordedEvent;

async function apply(...events: RecordedEvent[]): Promise<void> {
  await database.db.transaction(async (tx) => {
    for (const e of events) await plansProjection.apply(e, projectionTransaction(tx, names));
  });
}

beforeAll(async () => {
  database = await createTestDatabase({ migrations: [...tenantIsolationMigrations, ...billingUsageMigrations] });
  const tables = [plansProjection, subscriptionsProjection, usageProjection, invoicesProjection].flatMap((projection) => projection.tables);
  for (const table of tables) for (const ddl of table.create(table.name)) await database.db.query(ddl);
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe('the plans read model', () => {
  it('lists the offered plans in their order with money in minor units, and keeps retired ones findable', async () => {
    await apply(
      event('PlanAdded', { slug: 'pro', version: 1, ...terms(9_900, 20), addedBy: 'system', addedAt: at }),
      event('PlanAdded', { slug: 'free', version: 1, ...terms(0, 0), addedBy: 'system', addedAt: at }),
      event('PlanAdded', { slug: 'legacy', version: 1, ...terms(500, 5), addedBy: 'system', addedAt: at }),
      event('PlanRetired', { slug: 'legacy', retiredBy: 'admin', retiredAt: at }),
    );
    const plans = await listActivePlans(database.db);
    expect(plans.map((plan) => [plan.slug, plan.price])).toEqual([
      ['free', 0],
      ['pro', 9_900],
    ]);
    expect(plans[1]).toMatchObject({ currency: 'usd', interval: 'month', trialDays: 14, limits: { workflows: 10, executions_per_month: null }, version: 1 });
    expect(await findPlan(database.db, 'legacy')).toMatchObject({ isActive: false });
    expect(await findPlan(database.db, 'nope')).toBeUndefined();
  });

  it('applies a change once, whatever the redeliveries, and never goes back a version', async () => {
    const v2 = event('PlanChanged', { slug: 'pro', version: 2, ...terms(12_900, 20), changedBy: 'admin', changedAt: at });
    const v3 = event('PlanChanged', { slug: 'pro', version: 3, ...terms(14_900, 20), changedBy: 'admin', changedAt: at });
    await apply(v2, v3, v2, event('PlanAdded', { slug: 'pro', version: 1, ...terms(9_900, 20), addedBy: 'system', addedAt: at }));
    expect(await findPlan(database.db, 'pro')).toMatchObject({ price: 14_900, version: 3, isActive: true });
  });

  it('is described exactly by its MikroORM entities, with every other billing table', async () => {
    const tables = [
      'plans',
      'subscriptions',
      'billing_organizations',
      'billing_usage',
      'billing_usage_gauges',
      'billing_api_calls',
      'billing_storage',
      'invoices',
    ];
    expect(await schemaDrift(database.db, billingEntities, tables)).toBe('');
    await database.db.query('alter table plans add column promo text');
    try {
      expect(await schemaDrift(database.db, billingEntities, ['plans'])).toMatch(/promo/);
    } finally {
      await database.db.query('alter table plans drop column promo');
    }
  });
});
