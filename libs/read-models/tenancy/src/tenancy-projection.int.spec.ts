import { randomUUID } from 'node:crypto';
import { type RecordedEvent } from '@weft/kernel';
import { tenantIsolationMigrations, withTenant } from '@weft/postgres';
import { projectionTransaction } from '@weft/projections';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { tenancyProjection } from './tenancy-projection.js';
import { membershipRole, organizationRetentionOverrides, organizationsOf } from './platform-queries.js';
import { findMember, findTeam, listMembers, listTeams } from './tenant-queries.js';

// The tenancy read model on the real PostgreSQL: events in, queries out, and row-level
// security as the second line of defence behind each query's own organization filter.

let database: TestDatabase;
let position = 0;
const names = new Map(tenancyProjection.tables.map((table) => [table.name, table.name]));

function event(type: string, data: Record<string, unknown>, organizationId: string): RecordedEvent {
  position += 1;
  return {
    eventId: randomUUID(),
    streamId: `tenancy.Organization-${organizationId}`,
    streamVersion: position,
    globalPosition: BigInt(position),
    type,
    schemaVersion: 1,
    data,
    metadata: { organizationId },
    occurredAt: new Date(),
  } as unknown as RecordedEvent;
}

async function apply(...events: RecordedEvent[]): Promise<void> {
  await database.db.transaction(async (tx) => {
    for (const e of events) await tenancyProjection.apply(e, projectionTransaction(tx, names));
  });
}

function organization(name: string, ownerId: string) {
  const organizationId = randomUUID();
  const at = new Date().toISOString();
  const created = event(
    'OrganizationCreated',
    {
      organizationId,
      name,
      slug: name.toLowerCase(),
      description: null,
      ownerId,
      settings: { timezone: 'UTC' },
      subscriptionStatus: 'trial',
      trialStartedAt: at,
      trialEndsAt: at,
      isActive: true,
      createdAt: at,
    },
    organizationId,
  );
  return { organizationId, created };
}

function team(organizationId: string, name: string) {
  const teamId = randomUUID();
  const data = {
    teamId,
    organizationId,
    name,
    slug: name.toLowerCase(),
    description: null,
    color: '#6366f1',
    settings: {},
    createdBy: randomUUID(),
    createdAt: new Date().toISOString(),
  };
  return { teamId, created: event('TeamCreated', data, organizationId) };
}

beforeAll(async () => {
  database = await createTestDatabase({ migrations: tenantIsolationMigrations });
  // Tenancy's tables only: no query of this read model reads identity's `users`.
  for (const table of tenancyProjection.tables) for (const ddl of table.create(table.name)) await database.db.query(ddl);
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe('the tenancy read model', () => {
  it('keeps memberships from creation, invitation acceptance, role changes and removal', async () => {
    const owner = randomUUID();
    const joiner = randomUUID();
    const { organizationId, created } = organization('Umbrella', owner);
    const at = new Date().toISOString();
    await apply(
      created,
      event(
        'InvitationAccepted',
        { organizationId, invitationId: randomUUID(), userId: joiner, email: 'j@example.com', role: 'member', acceptedAt: at },
        organizationId,
      ),
    );
    expect(await membershipRole(database.db, organizationId, joiner)).toBe('member');
    // Members as tenancy keeps them: ids, roles and join times, no names or emails (identity's).
    expect(await withTenant(database.db, organizationId, (tx) => findMember(tx, joiner))).toEqual({ userId: joiner, role: 'member', joinedAt: at });
    await apply(event('MemberRoleChanged', { organizationId, userId: joiner, from: 'member', to: 'admin', changedBy: owner, changedAt: at }, organizationId));
    expect(await membershipRole(database.db, organizationId, joiner)).toBe('admin');
    expect((await organizationsOf(database.db, joiner)).map((o) => o.id)).toEqual([organizationId]);
    await apply(event('MemberRemoved', { organizationId, userId: joiner, role: 'admin', reason: 'left', removedBy: joiner, removedAt: at }, organizationId));
    expect(await membershipRole(database.db, organizationId, joiner)).toBeNull();
    expect((await withTenant(database.db, organizationId, (tx) => listMembers(tx, 50))).data.map((m) => m.userId)).toEqual([owner]);
  });

  it('follows billing’s Subscription events into the organization’s subscription columns and plan limits', async () => {
    const { organizationId, created } = organization('Subscribed', randomUUID());
    await apply(created);
    const billing = (type: string, data: Record<string, unknown>) =>
      ({ ...event(type, { organizationId, ...data }, organizationId), streamId: `billing.Subscription-${organizationId}` }) as RecordedEvent;
    const columns = async () =>
      (
        await database.db.query<{
          subscription_status: string;
          subscription_plan: string | null;
          trial_ends_at: Date | null;
          subscription_ends_at: Date | null;
          plan_limits: Record<string, number | null> | null;
        }>('select subscription_status, subscription_plan, trial_ends_at, subscription_ends_at, plan_limits from organizations where id = $1', [organizationId])
      ).rows[0];
    const limits = { workflows: 20, executions_per_month: null, team_members: 5, credentials: 25, storage_gb: 5, api_calls_per_hour: 5000 };
    const plan = { planVersion: 1, price: 2900, currency: 'usd', interval: 'month', intervalCount: 1, limits };
    await apply(
      billing('SubscriptionTrialStarted', {
        ...plan,
        planSlug: 'starter',
        trialStartedAt: '2026-03-01T00:00:00.000Z',
        trialEndsAt: '2026-03-15T00:00:00.000Z',
      }),
    );
    expect(await columns()).toEqual({
      subscription_status: 'trial',
      subscription_plan: 'starter',
      trial_ends_at: new Date('2026-03-15T00:00:00.000Z'),
      subscription_ends_at: null,
      plan_limits: limits,
    });
    await apply(
      billing('SubscriptionPlanChanged', {
        ...plan,
        planSlug: 'pro',
        price: 9900,
        limits: { ...limits, workflows: 100 },
        previousPlanSlug: 'starter',
        previousPlanVersion: 1,
        proration: null,
      }),
      billing('SubscriptionActivated', { currentPeriodStart: '2026-03-15T00:00:00.000Z', currentPeriodEnd: '2026-04-15T00:00:00.000Z' }),
      billing('SubscriptionCancellationScheduled', { endsAt: '2026-04-15T00:00:00.000Z' }),
    );
    expect(await columns()).toMatchObject({
      subscription_status: 'active',
      subscription_plan: 'pro',
      subscription_ends_at: new Date('2026-04-15T00:00:00.000Z'),
      plan_limits: { ...limits, workflows: 100 },
    });
    await apply(billing('SubscriptionCanceled', { endedAt: '2026-04-15T00:00:00.000Z' }));
    // Ended: no plan's limits any more (the configured defaults apply).
    expect(await columns()).toMatchObject({ subscription_status: 'canceled', subscription_ends_at: new Date('2026-04-15T00:00:00.000Z'), plan_limits: null });
    // Another context's events of the same names change nothing.
    await apply({ ...billing('SubscriptionActivated', {}), streamId: `workflows.Workflow-${organizationId}` } as RecordedEvent);
    expect((await columns())?.subscription_status).toBe('canceled');
  });

  it('applies a redelivered event once', async () => {
    const { organizationId, created } = organization('Hooli', randomUUID());
    const t = team(organizationId, 'Core');
    await apply(created, t.created, created, t.created);
    expect((await withTenant(database.db, organizationId, (tx) => listTeams(tx, 50))).data).toHaveLength(1);
    expect((await withTenant(database.db, organizationId, (tx) => listMembers(tx, 50))).data).toHaveLength(1);
  });

  it('row-level security blocks a query that forgets its organization filter', async () => {
    const a = organization('Stark', randomUUID());
    const b = organization('Wayne', randomUUID());
    const teamA = team(a.organizationId, 'Armor');
    const teamB = team(b.organizationId, 'Cave');
    await apply(a.created, b.created, teamA.created, teamB.created);

    // The owner (the projector's role) sees every organization's teams...
    const all = await database.db.query<{ id: string }>('select id from teams');
    expect(all.rows.map((r) => r.id)).toEqual(expect.arrayContaining([teamA.teamId, teamB.teamId]));
    // ...a tenant query without any where clause sees only its organization's rows.
    for (const table of ['teams', 'organizations', 'organization_users']) {
      const visible = await withTenant(
        database.db,
        a.organizationId,
        async (tx) => (await tx.query<{ organization_id?: string; id: string }>(`select * from ${table}`)).rows,
      );
      expect(visible.length).toBeGreaterThan(0);
      for (const row of visible) expect(row.organization_id ?? row.id).toBe(a.organizationId);
    }
    // A tenant query asks within its transaction's organization only: B's team is not found from A.
    expect(await withTenant(database.db, a.organizationId, (tx) => findTeam(tx, teamB.teamId))).toBeUndefined();
    expect(await withTenant(database.db, b.organizationId, (tx) => findTeam(tx, teamB.teamId))).toMatchObject({ name: 'Cave' });
    // A transaction of A that claims to be B's (a bug in the caller) still sees nothing of B: row-level security.
    expect(
      await withTenant(database.db, a.organizationId, (tx) => findTeam({ organizationId: b.organizationId, query: tx.query }, teamB.teamId)),
    ).toBeUndefined();
  });

  it('lists the organizations with a retention of their own, across organizations, as settings change', async () => {
    const plain = organization('Plain', randomUUID());
    const short = organization('Short', randomUUID());
    const logsOnly = organization('LogsOnly', randomUUID());
    const at = new Date().toISOString();
    const settings = (extra: Record<string, unknown>) => ({ timezone: 'UTC', language: 'en', theme: 'system', limits: {}, features: {}, ...extra });
    const updated = (organizationId: string, extra: Record<string, unknown>) =>
      event('OrganizationUpdated', { organizationId, settings: settings(extra), updatedBy: randomUUID(), updatedAt: at }, organizationId);
    await apply(
      plain.created,
      short.created,
      logsOnly.created,
      updated(short.organizationId, { executionRetentionDays: 30, executionLogRetentionDays: 7 }),
      updated(logsOnly.organizationId, { executionLogRetentionDays: 14 }),
    );
    const mine = async () =>
      (await organizationRetentionOverrides(database.db)).filter((o) => [plain, short, logsOnly].some((x) => x.organizationId === o.organizationId));
    expect(await mine()).toEqual(
      expect.arrayContaining([
        { organizationId: short.organizationId, executionDays: 30, logDays: 7 },
        { organizationId: logsOnly.organizationId, executionDays: null, logDays: 14 },
      ]),
    );
    expect(await mine()).toHaveLength(2);
    // Back to the defaults: no longer listed.
    await apply(updated(short.organizationId, {}));
    expect((await mine()).map((o) => o.organizationId)).toEqual([logsOnly.organizationId]);
  });
});
