import { randomUUID } from 'node:crypto';
import { type RecordedEvent } from '@weft/kernel';
import { TENANT_READER_ROLE, tenantIsolationMigrations, withTenant } from '@weft/postgres';
import { projectionTransaction } from '@weft/projections';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { tenancyProjection } from './tenancy-projection.js';
import { findTeam, listMembers, listTeams, membershipRole, organizationRetentionOverrides, organizationsOf } from './tenancy-queries.js';

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
    { organizationId, name, slug: name.toLowerCase(), description: null, ownerId, settings: { timezone: 'UTC' }, subscriptionStatus: 'trial', trialStartedAt: at, trialEndsAt: at, isActive: true, createdAt: at },
    organizationId,
  );
  return { organizationId, created };
}

function team(organizationId: string, name: string) {
  const teamId = randomUUID();
  const data = { teamId, organizationId, name, slug: name.toLowerCase(), description: null, color: '#6366f1', settings: {}, createdBy: randomUUID(), createdAt: new Date().toISOString() };
  return { teamId, created: event('TeamCreated', data, organizationId) };
}

beforeAll(async () => {
  database = await createTestDatabase({ migrations: tenantIsolationMigrations });
  for (const table of tenancyProjection.tables) for (const ddl of table.create(table.name)) await database.db.query(ddl);
  // Identity's users table, as far as member lists join it.
  await database.db.query('create table users (id uuid primary key, name text not null, email text not null)');
  await database.db.query(`grant select on users to ${TENANT_READER_ROLE}`);
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
    await apply(created, event('InvitationAccepted', { organizationId, invitationId: randomUUID(), userId: joiner, email: 'j@example.com', role: 'member', acceptedAt: at }, organizationId));
    expect(await membershipRole(database.db, organizationId, joiner)).toBe('member');
    await apply(event('MemberRoleChanged', { organizationId, userId: joiner, from: 'member', to: 'admin', changedBy: owner, changedAt: at }, organizationId));
    expect(await membershipRole(database.db, organizationId, joiner)).toBe('admin');
    expect((await organizationsOf(database.db, joiner)).map((o) => o.id)).toEqual([organizationId]);
    await apply(event('MemberRemoved', { organizationId, userId: joiner, role: 'admin', reason: 'left', removedBy: joiner, removedAt: at }, organizationId));
    expect(await membershipRole(database.db, organizationId, joiner)).toBeNull();
    expect((await listMembers(database.db, organizationId, 50)).data.map((m) => m.userId)).toEqual([owner]);
  });

  it('applies a redelivered event once', async () => {
    const { organizationId, created } = organization('Hooli', randomUUID());
    const t = team(organizationId, 'Core');
    await apply(created, t.created, created, t.created);
    expect((await listTeams(database.db, organizationId, 50)).data).toHaveLength(1);
    expect((await listMembers(database.db, organizationId, 50)).data).toHaveLength(1);
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
      const visible = await withTenant(database.db, a.organizationId, async (tx) => (await tx.query<{ organization_id?: string; id: string }>(`select * from ${table}`)).rows);
      expect(visible.length).toBeGreaterThan(0);
      for (const row of visible) expect(row.organization_id ?? row.id).toBe(a.organizationId);
    }
    // A query that filters by the wrong organization inside A's transaction finds nothing.
    expect(await withTenant(database.db, a.organizationId, (tx) => findTeam(tx, b.organizationId, teamB.teamId))).toBeUndefined();
    expect(await withTenant(database.db, b.organizationId, (tx) => findTeam(tx, b.organizationId, teamB.teamId))).toMatchObject({ name: 'Cave' });
  });

  it('lists the organizations with a retention of their own, across organizations, as settings change', async () => {
    const plain = organization('Plain', randomUUID());
    const short = organization('Short', randomUUID());
    const logsOnly = organization('LogsOnly', randomUUID());
    const at = new Date().toISOString();
    const settings = (extra: Record<string, unknown>) => ({ timezone: 'UTC', language: 'en', theme: 'system', limits: {}, features: {}, ...extra });
    const updated = (organizationId: string, extra: Record<string, unknown>) => event('OrganizationUpdated', { organizationId, settings: settings(extra), updatedBy: randomUUID(), updatedAt: at }, organizationId);
    await apply(plain.created, short.created, logsOnly.created, updated(short.organizationId, { executionRetentionDays: 30, executionLogRetentionDays: 7 }), updated(logsOnly.organizationId, { executionLogRetentionDays: 14 }));
    const mine = async () => (await organizationRetentionOverrides(database.db)).filter((o) => [plain, short, logsOnly].some((x) => x.organizationId === o.organizationId));
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
