import { randomUUID } from 'node:crypto';
import { type RecordedEvent } from '@weft/kernel';
import { tenantIsolationMigrations } from '@weft/postgres';
import { Projector, projectionMigrations, projectionTransaction } from '@weft/projections';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { apiKeysProjection } from './api-keys-projection.js';
import { findUsableApiKeyByHash } from './api-keys-queries.js';
import { usersProjection } from './users-projection.js';
import { findUserAccess, findUserById } from './users-queries.js';

// The users and api_keys read models on the real PostgreSQL: deactivation and
// reactivation in, the per-request lookups (bearer token, API key) out; and a users
// table of the first release gaining the new columns in place.

let database: TestDatabase;
let position = 0;
const names = new Map([...usersProjection.tables, ...apiKeysProjection.tables].map((table) => [table.name, table.name]));

function event(type: string, data: Record<string, unknown>, streamId: string): RecordedEvent {
  position += 1;
  return {
    eventId: randomUUID(),
    streamId,
    streamVersion: position,
    globalPosition: BigInt(position),
    type,
    schemaVersion: 1,
    data,
    metadata: {},
    occurredAt: new Date(),
  } as unknown as RecordedEvent;
}

async function apply(...events: RecordedEvent[]): Promise<void> {
  await database.db.transaction(async (tx) => {
    for (const e of events) {
      await usersProjection.apply(e, projectionTransaction(tx, names));
      await apiKeysProjection.apply(e, projectionTransaction(tx, names));
    }
  });
}

function user(name: string) {
  const userId = randomUUID();
  const registered = event(
    'UserRegistered',
    {
      userId,
      name,
      email: `${name.toLowerCase()}.${userId}@example.com`,
      platformRole: 'user',
      emailVerified: false,
      registeredAt: '2026-11-29T09:00:00.000Z',
    },
    `identity.User-${userId}`,
  );
  return { userId, registered };
}

function apiKey(createdBy: string) {
  const apiKeyId = randomUUID();
  const keyHash = randomUUID().replaceAll('-', '').padEnd(64, '0');
  const data = {
    apiKeyId,
    organizationId: randomUUID(),
    name: 'CI',
    prefix: 'weft_ak_abcd',
    keyHash,
    createdBy,
    createdAt: '2026-11-29T09:00:00.000Z',
    expiresAt: null,
  };
  return { keyHash, created: event('ApiKeyCreated', data, `identity.ApiKey-${apiKeyId}`) };
}

const columnsOf = async (table: string) =>
  (
    await database.db.query<{ column_name: string; data_type: string }>(
      `select column_name, data_type from information_schema.columns where table_name = $1 order by column_name`,
      [table],
    )
  ).rows;

beforeAll(async () => {
  database = await createTestDatabase({ migrations: [...tenantIsolationMigrations, ...projectionMigrations] });
  // The users table as the first release created it (no deactivation columns).
  await database.db.query(`create table users (
     id uuid not null, name text not null, email text not null, role text not null,
     email_verified boolean not null default false, current_organization_id uuid,
     is_active boolean not null default true, created_at timestamptz not null,
     updated_at timestamptz not null, last_login_at timestamptz,
     constraint users_pkey primary key (id),
     constraint users_role_check check (role in ('user', 'admin', 'super_admin')))`);
  await new Projector(database.db, usersProjection).ensureTables();
  await new Projector(database.db, usersProjection).ensureTables();
  await new Projector(database.db, apiKeysProjection).ensureTables();
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe('the users read model: deactivation and reactivation', () => {
  it('upgrades a users table of the first release to the shape a fresh one has', async () => {
    for (const ddl of usersProjection.tables[0]!.create('users_fresh')) await database.db.query(ddl);
    expect(await columnsOf('users')).toEqual(await columnsOf('users_fresh'));
    await database.db.query('drop table users_fresh');
  });

  it('marks the user inactive with who, when and why, and the bearer-token lookup sees it', async () => {
    const { userId, registered } = user('Ada');
    const adminId = randomUUID();
    await apply(registered);
    expect(await findUserAccess(database.db, userId)).toEqual({ role: 'user', isActive: true, reactivatedAt: null });
    await apply(event('UserDeactivated', { userId, reason: 'left', deactivatedBy: adminId, deactivatedAt: '2026-11-29T10:00:00.000Z' }, registered.streamId));
    expect(await findUserAccess(database.db, userId)).toEqual({ role: 'user', isActive: false, reactivatedAt: null });
    expect(await findUserById(database.db, userId)).toMatchObject({
      isActive: false,
      deactivatedAt: new Date('2026-11-29T10:00:00.000Z'),
      deactivatedBy: adminId,
      deactivationReason: 'left',
    });
  });

  it('reactivates: active again, the deactivation cleared, the reactivation time kept', async () => {
    const { userId, registered } = user('Grace');
    const adminId = randomUUID();
    await apply(
      registered,
      event('UserDeactivated', { userId, reason: null, deactivatedBy: adminId, deactivatedAt: '2026-11-29T10:00:00.000Z' }, registered.streamId),
      event('UserReactivated', { userId, reactivatedBy: adminId, reactivatedAt: '2026-11-29T11:00:00.000Z' }, registered.streamId),
    );
    expect(await findUserAccess(database.db, userId)).toEqual({ role: 'user', isActive: true, reactivatedAt: new Date('2026-11-29T11:00:00.000Z') });
    expect(await findUserById(database.db, userId)).toMatchObject({
      isActive: true,
      deactivatedAt: null,
      deactivatedBy: null,
      deactivationReason: null,
      updatedAt: new Date('2026-11-29T11:00:00.000Z'),
    });
  });

  it('refuses the API keys a deactivated user created, and accepts them again after reactivation', async () => {
    const { userId, registered } = user('Linus');
    const other = user('Margaret');
    const mine = apiKey(userId);
    const theirs = apiKey(other.userId);
    const now = new Date();
    await apply(registered, other.registered, mine.created, theirs.created);
    expect(await findUsableApiKeyByHash(database.db, mine.keyHash, now)).toBeDefined();
    await apply(event('UserDeactivated', { userId, reason: null, deactivatedBy: other.userId, deactivatedAt: now.toISOString() }, registered.streamId));
    expect(await findUsableApiKeyByHash(database.db, mine.keyHash, now)).toBeUndefined();
    expect(await findUsableApiKeyByHash(database.db, theirs.keyHash, now)).toBeDefined();
    await apply(event('UserReactivated', { userId, reactivatedBy: other.userId, reactivatedAt: now.toISOString() }, registered.streamId));
    expect(await findUsableApiKeyByHash(database.db, mine.keyHash, now)).toBeDefined();
  });

  it('does not let a creator the read model does not know block a key, nor find an unknown user', async () => {
    const orphan = apiKey(randomUUID());
    await apply(orphan.created);
    expect(await findUsableApiKeyByHash(database.db, orphan.keyHash, new Date())).toBeDefined();
    expect(await findUserAccess(database.db, randomUUID())).toBeUndefined();
    expect(await findUserAccess(database.db, 'not-a-uuid')).toBeUndefined();
  });
});
