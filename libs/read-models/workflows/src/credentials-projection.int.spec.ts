import { randomUUID } from 'node:crypto';
import { type RecordedEvent } from '@weft/kernel';
import { type TenantTransaction, tenantIsolationMigrations, withTenant } from '@weft/postgres';
import { projectionTransaction } from '@weft/projections';
import { type MikroORM } from '@mikro-orm/postgresql';
import { type TenantEntityManager, createOrm, withTenantEm } from '@weft/orm';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { credentialsProjection } from './credentials-projection.js';
import { countCredentials, findCredential, listCredentials } from './credentials-queries.js';
import { workflowsEntities } from './workflows-entities.js';

// The credentials read model on the real PostgreSQL: metadata in (even when the stored
// event still carries its ciphertext, nothing of it lands), list and lookups out,
// redelivery applied once, row-level security behind the filters.

let database: TestDatabase;
let position = 0;
/** A read in the organization's tenant transaction, as the services make it. */
const inTenant = <T>(organizationId: string, read: (tx: TenantTransaction) => Promise<T>) => withTenant(database.db, organizationId, read);
/** A read through the ORM, bound to the same kind of tenant transaction. */
const inTenantEm = <T>(organizationId: string, read: (em: TenantEntityManager) => Promise<T>) => withTenantEm(database.db, orm, organizationId, read);
let orm: MikroORM;
const names = new Map(credentialsProjection.tables.map((table) => [table.name, table.name]));
const actor = randomUUID();
let clock = Date.parse('2026-12-01T00:00:00Z');
const at = () => new Date((clock += 1000)).toISOString();
const encrypted = { ciphertext: 'Q0lQSEVSVEVYVA==', iv: 'aXYxMjM0NTY3ODk=', tag: 'dGFndGFndGFndGFndGFn', keyId: 'dk1-0123456789abcdef', dataKeyVersion: 1 };

function event(type: string, data: Record<string, unknown>): RecordedEvent {
  position += 1;
  return {
    eventId: randomUUID(),
    streamId: `workflows.Credential-${String(data['credentialId'])}`,
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
    for (const e of events) await credentialsProjection.apply(e, projectionTransaction(tx, names));
  });
}

function created(organizationId: string, name: string, extra: Record<string, unknown> = {}) {
  const credentialId = randomUUID();
  const e = event('CredentialCreated', {
    credentialId,
    organizationId,
    name,
    type: 'httpBearerAuth',
    isShared: false,
    expiresAt: null,
    ownerId: actor,
    encrypted,
    createdBy: actor,
    createdAt: at(),
    ...extra,
  });
  return { credentialId, e };
}

beforeAll(async () => {
  database = await createTestDatabase({ migrations: tenantIsolationMigrations });
  for (const table of credentialsProjection.tables) for (const ddl of table.create(table.name)) await database.db.query(ddl);
  orm = await createOrm(database.db, workflowsEntities);
}, 60_000);

afterAll(async () => {
  await orm?.close();
  await database?.drop();
});

describe('the credentials read model', () => {
  it('follows a credential through rename, new data, rotation and delete, keeping no ciphertext', async () => {
    const org = randomUUID();
    const { credentialId, e } = created(org, 'Shop API', { isShared: true, expiresAt: '2027-01-01T00:00:00.000Z' });
    const renamed = event('CredentialUpdated', {
      credentialId,
      organizationId: org,
      name: 'Shop API (prod)',
      dataChanged: true,
      encrypted,
      updatedBy: actor,
      updatedAt: at(),
    });
    await apply(e, renamed, renamed, e);
    expect(await inTenantEm(org, (em) => findCredential(em, credentialId))).toMatchObject({
      name: 'Shop API (prod)',
      type: 'httpBearerAuth',
      isShared: true,
      expiresAt: '2027-01-01T00:00:00.000Z',
      usageCount: 0,
      lastUsedAt: null,
    });
    await apply(event('CredentialUpdated', { credentialId, organizationId: org, dataChanged: true, updatedBy: actor, updatedAt: at() }));
    expect(await inTenantEm(org, (em) => findCredential(em, credentialId))).toMatchObject({ name: 'Shop API (prod)' });
    await apply(
      event('CredentialReencrypted', {
        credentialId,
        organizationId: org,
        encrypted,
        keyId: 'dk1-x',
        dataKeyVersion: 2,
        previousKeyId: 'dk1-y',
        previousDataKeyVersion: 1,
        reencryptedBy: actor,
        reencryptedAt: at(),
      }),
    );
    const { rows } = await database.db.query('select * from credentials where id = $1', [credentialId]);
    expect(JSON.stringify(rows)).not.toContain(encrypted.ciphertext);
    expect(await inTenant(org, (tx) => countCredentials(tx))).toBe(1);
    await apply(event('CredentialDeleted', { credentialId, organizationId: org, deletedBy: actor, deletedAt: at() }));
    expect(await inTenantEm(org, (em) => findCredential(em, credentialId))).toBeUndefined();
    expect(await inTenant(org, (tx) => countCredentials(tx))).toBe(0);
  });

  it('lists newest first with filters and a cursor', async () => {
    const org = randomUUID();
    const a = created(org, 'Alpha');
    const b = created(org, 'Beta 100%', { type: 'httpBasicAuth' });
    const c = created(org, 'Gamma');
    await apply(a.e, b.e, c.e);
    const ids = async (filter: Parameters<typeof listCredentials>[1]) => (await inTenant(org, (tx) => listCredentials(tx, filter, 50))).data.map((x) => x.id);
    expect(await ids({})).toEqual([c.credentialId, b.credentialId, a.credentialId]);
    expect(await ids({ type: 'httpBasicAuth' })).toEqual([b.credentialId]);
    expect(await ids({ q: '%' })).toEqual([b.credentialId]);
    const first = await inTenant(org, (tx) => listCredentials(tx, {}, 2));
    const rest = await inTenant(org, (tx) => listCredentials(tx, {}, 2, first.nextCursor!));
    expect([...first.data, ...rest.data].map((x) => x.id)).toEqual([c.credentialId, b.credentialId, a.credentialId]);
    expect(rest.nextCursor).toBeNull();
  });

  it("never shows another organization's credentials, even to a query without a filter", async () => {
    const mine = randomUUID();
    const theirs = randomUUID();
    const x = created(mine, 'Mine');
    const y = created(theirs, 'Theirs');
    await apply(x.e, y.e);
    expect(await inTenantEm(mine, (em) => findCredential(em, y.credentialId))).toBeUndefined();
    const visible = await withTenant(
      database.db,
      mine,
      async (tx) => (await tx.query<{ organization_id: string }>('select organization_id from credentials')).rows,
    );
    expect(new Set(visible.map((r) => r.organization_id))).toEqual(new Set([mine]));
  });
});
