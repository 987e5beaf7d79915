import { randomUUID } from 'node:crypto';
import { type RecordedEvent } from '@weft/kernel';
import { tenantIsolationMigrations, withTenant } from '@weft/postgres';
import { Projector, projectionMigrations, projectionTransaction } from '@weft/projections';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { apiKeysProjection } from './api-keys-projection.js';
import { findApiKey, listApiKeys } from './api-keys-queries.js';

// The tenant-scoped API-key queries on the real PostgreSQL: they take the tenant
// transaction, see that organization's keys only, and row-level security backs the
// filter up (a query that forgets it still sees one organization).

let database: TestDatabase;
let position = 0;
const names = new Map(apiKeysProjection.tables.map((table) => [table.name, table.name]));

function created(organizationId: string, name: string, createdAt: string): { apiKeyId: string; event: RecordedEvent } {
  position += 1;
  const apiKeyId = randomUUID();
  const data = {
    apiKeyId,
    organizationId,
    name,
    prefix: 'weft_ak_abcd',
    keyHash: randomUUID().replaceAll('-', '').padEnd(64, '0'),
    createdBy: randomUUID(),
    createdAt,
    expiresAt: null,
  };
  const event = {
    eventId: randomUUID(),
    streamId: `identity.ApiKey-${apiKeyId}`,
    streamVersion: 0,
    globalPosition: BigInt(position),
    type: 'ApiKeyCreated',
    schemaVersion: 1,
    data,
    metadata: { organizationId },
    occurredAt: new Date(),
  };
  return { apiKeyId, event: event as unknown as RecordedEvent };
}

beforeAll(async () => {
  database = await createTestDatabase({ migrations: [...tenantIsolationMigrations, ...projectionMigrations] });
  await new Projector(database.db, apiKeysProjection).ensureTables();
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe('the API-key queries of one organization', () => {
  const mine = randomUUID();
  const theirs = randomUUID();
  const keys = [
    created(mine, 'first', '2026-12-01T10:00:00.000Z'),
    created(mine, 'second', '2026-12-01T11:00:00.000Z'),
    created(theirs, 'other', '2026-12-01T10:30:00.000Z'),
  ];

  beforeAll(async () => {
    await database.db.transaction(async (tx) => {
      for (const { event } of keys) await apiKeysProjection.apply(event, projectionTransaction(tx, names));
    });
  });

  it('list the transaction’s organization’s keys by creation time, page by page, never a hash', async () => {
    const first = await withTenant(database.db, mine, (tx) => listApiKeys(tx, 1));
    expect(first.data.map((key) => key.name)).toEqual(['first']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await withTenant(database.db, mine, (tx) => listApiKeys(tx, 1, first.nextCursor ?? undefined));
    expect(second.data.map((key) => key.name)).toEqual(['second']);
    expect(JSON.stringify([first, second])).not.toContain('key_hash');
    expect((await withTenant(database.db, theirs, (tx) => listApiKeys(tx, 50))).data.map((key) => key.name)).toEqual(['other']);
  });

  it('find a key of the transaction’s organization only', async () => {
    const [own, , other] = keys;
    expect(await withTenant(database.db, mine, (tx) => findApiKey(tx, own!.apiKeyId))).toMatchObject({ id: own!.apiKeyId, name: 'first', revokedAt: null });
    expect(await withTenant(database.db, mine, (tx) => findApiKey(tx, other!.apiKeyId))).toBeUndefined();
  });

  it('are backed by row-level security: a query without the organization filter still sees one organization', async () => {
    const { rows } = await withTenant(database.db, mine, (tx) => tx.query<{ name: string }>('select name from api_keys order by name'));
    expect(rows.map((row) => row.name)).toEqual(['first', 'second']);
  });
});
