import { randomUUID } from 'node:crypto';
import { type TenantTransaction, tenantIsolationMigrations, withTenant } from '@weft/postgres';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { credentialsProjection } from './credentials-projection.js';
import { type CredentialFilter, listCredentials } from './credentials-queries.js';

// The credential list's filters on the reference columns (is_shared, expires_at,
// last_used_at, the reference type names), and the indexes that serve them, proved with
// the plans PostgreSQL chooses for the list's own statements on a realistic table.

let database: TestDatabase;
const org = randomUUID();
const TYPES = ['httpBasicAuth', 'httpBearerAuth', 'httpHeaderAuth', 'httpQueryAuth', 'oAuth2ClientCredentials', 'custom'];

/** The plan of the statement `listCredentials` sends, instead of its rows. */
async function planOf(filter: CredentialFilter): Promise<string> {
  let plan = '';
  await withTenant(database.db, org, async (tx) => {
    const explaining = new Proxy(tx, {
      get(target, property, receiver) {
        if (property !== 'query') return Reflect.get(target, property, receiver) as unknown;
        return async (sql: string, values: unknown[]) => {
          const { rows } = await target.query<{ 'QUERY PLAN': unknown }>(`explain (format json) ${sql}`, values);
          plan = JSON.stringify(rows[0]?.['QUERY PLAN']);
          return { rows: [], rowCount: 0 };
        };
      },
    }) as TenantTransaction;
    await listCredentials(explaining, filter, 50);
  });
  return plan;
}

const list = (filter: CredentialFilter) => withTenant(database.db, org, (tx) => listCredentials(tx, filter, 50));

beforeAll(async () => {
  database = await createTestDatabase({ migrations: tenantIsolationMigrations });
  for (const table of credentialsProjection.tables) for (const ddl of table.create(table.name)) await database.db.query(ddl);
  // 30,000 credentials over 60 organizations, of every type, a few expiring, most used lately.
  await database.db.query(
    `insert into credentials (id, organization_id, name, type, is_shared, owner_id, expires_at, last_used_at, created_by, updated_by, created_at, updated_at)
     select gen_random_uuid(), case when i % 60 = 0 then $1::uuid else gen_random_uuid() end, 'c' || i, ($2::text[])[1 + i % 6], i % 3 = 0, $3, 
            case when i % 50 = 0 then timestamptz '2027-01-01' + (i || ' minutes')::interval end,
            case when i % 7 <> 0 then timestamptz '2026-12-01' + (i || ' seconds')::interval end,
            $3, $3, timestamptz '2026-01-01' + (i || ' seconds')::interval, now()
     from generate_series(1, 30000) as i`,
    [org, TYPES, randomUUID()],
  );
  await database.db.query('analyze credentials');
}, 120_000);

afterAll(async () => {
  await database?.drop();
});

describe('the credential list on the reference columns', () => {
  it('filters by sharing, expiry and last use, newest first', async () => {
    const shared = await list({ shared: true });
    expect(shared.data.length).toBeGreaterThan(0);
    expect(shared.data.every((c) => c.isShared)).toBe(true);
    expect((await list({ shared: false })).data.every((c) => !c.isShared)).toBe(true);

    const expiring = await list({ expiresBefore: '2027-01-01T06:00:00Z' });
    expect(expiring.data.length).toBeGreaterThan(0);
    expect(expiring.data.every((c) => c.expiresAt !== null && c.expiresAt < '2027-01-01T06:00:00.000Z')).toBe(true);

    const unused = await list({ unusedSince: '2026-12-01T00:00:00Z' });
    expect(unused.data.length).toBeGreaterThan(0);
    expect(unused.data.every((c) => c.lastUsedAt === null)).toBe(true);
    const createdAt = unused.data.map((c) => c.createdAt);
    expect(createdAt).toEqual([...createdAt].sort().reverse());
  });

  it('names each type as the reference schema does', async () => {
    const { rows } = await database.db.query<{ type: string; reference_type: string }>('select distinct type, reference_type from credentials order by type');
    expect(rows).toEqual([
      { type: 'custom', reference_type: 'custom' },
      { type: 'httpBasicAuth', reference_type: 'basic_auth' },
      { type: 'httpBearerAuth', reference_type: 'bearer_token' },
      { type: 'httpHeaderAuth', reference_type: 'api_key' },
      { type: 'httpQueryAuth', reference_type: 'api_key' },
      { type: 'oAuth2ClientCredentials', reference_type: 'oauth2' },
    ]);
  });

  it.each([
    ['the list', {}, 'credentials_organization_id_created_at_idx'],
    ['a type, shared or not', { type: 'httpBearerAuth', shared: true }, 'credentials_organization_id_type_created_at_idx'],
    ['the credentials about to expire', { expiresBefore: '2027-01-01T06:00:00Z' }, 'credentials_organization_id_expires_at_idx'],
  ])('reads %s through its index', async (_what, filter, index) => {
    const plan = await planOf(filter);
    expect(plan).toContain(`"Index Name":"${index}"`);
    expect(plan).not.toContain('"Node Type":"Seq Scan"');
  });
});
