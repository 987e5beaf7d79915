import { createHash, createSecretKey, randomBytes, randomUUID } from 'node:crypto';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { LoginThrottle } from './login-throttle.js';
import { describeLoginThrottleCases } from './login-throttle.contract.js';
import { PostgresThrottleStore } from './postgres-throttle-store.js';
import { describeThrottleStoreContract } from './throttle-store.contract.js';
import { throttleStoreMigrations } from './throttle-store-migrations.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ migrations: throttleStoreMigrations });
});
afterAll(async () => {
  await database.drop();
});

describeThrottleStoreContract('PostgreSQL', () => Promise.resolve(new PostgresThrottleStore(database.db)));
describeThrottleStoreContract('PostgreSQL with HMAC keys', () =>
  Promise.resolve(new PostgresThrottleStore(database.db, { keySecret: createSecretKey(randomBytes(32)) })),
);
describeLoginThrottleCases('the PostgreSQL store', () => Promise.resolve(new PostgresThrottleStore(database.db)));

describe('the PostgreSQL throttle store', () => {
  const perEmail = { maxFailures: 3, windowSeconds: 60 };
  const time = { now: 1_800_000_000_000 };
  const clock = () => time.now;
  // Each replica has a store (and pool) of its own over the one database.
  const replica = (scope: string) => new LoginThrottle({ store: new PostgresThrottleStore(database.db), scope, perEmail, clock });

  it('shares counts between replicas on the same database', async () => {
    const scope = `login-${randomUUID()}`;
    const [a, b] = [replica(scope), replica(scope)];
    await a.recordFailure('ada@example.com', '10.0.0.1');
    await b.recordFailure('ada@example.com', '10.0.0.2');
    expect(await a.check('ada@example.com', '10.0.0.3')).toEqual({ allowed: true });
    await a.recordFailure('ada@example.com', '10.0.0.1');
    expect(await b.check('ada@example.com', '10.0.0.3')).toEqual({ allowed: false, retryAfterSeconds: 60, limitedBy: 'email' });
    await b.recordSuccess('ada@example.com');
    expect(await a.check('ada@example.com', '10.0.0.3')).toEqual({ allowed: true });
  });

  it('keeps scopes apart: the mail throttle never sees login failures', async () => {
    const [login, mail] = [replica(`login-${randomUUID()}`), replica(`mail-${randomUUID()}`)];
    for (let i = 0; i < 3; i++) await login.recordFailure('ada@example.com', '10.0.0.1');
    expect((await login.check('ada@example.com', '10.0.0.1')).allowed).toBe(false);
    expect(await mail.check('ada@example.com', '10.0.0.1')).toEqual({ allowed: true });
  });

  it('stores keys as sha256, with no email or IP address in the table', async () => {
    const scope = `login-${randomUUID()}`;
    await replica(scope).recordFailure('Ada.Lovelace@Example.com', '::ffff:192.0.2.77');
    const { rows } = await database.db.query<{ scope: string; key_hash: string }>(
      'select scope, key_hash from auth_throttle_hits where scope like $1 order by scope',
      [`${scope}:%`],
    );
    expect(rows.map((row) => row.scope)).toEqual([`${scope}:email`, `${scope}:ip`]);
    for (const row of rows) expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
    const dump = JSON.stringify((await database.db.query('select * from auth_throttle_hits')).rows);
    for (const secret of ['lovelace', 'example.com', '192.0.2.77']) expect(dump.toLowerCase()).not.toContain(secret);
  });

  it('prunes the hits of a scope once they have left its window', async () => {
    const scope = `prune-${randomUUID()}`;
    const limit = { maxFailures: 5, windowSeconds: 60 };
    const store = new PostgresThrottleStore(database.db, { pruneEveryWrites: 2 });
    const count = async () =>
      (await database.db.query<{ n: number }>('select count(*)::int as n from auth_throttle_hits where scope = $1', [scope])).rows[0]?.n;
    await store.record(scope, 'old-a', 0, limit); // write 1 prunes (the first write does)
    await store.record(scope, 'old-b', 1_000, limit); // write 2 does not
    expect(await count()).toBe(2);
    await store.record(scope, 'new', 61_000, limit); // write 3 prunes: 0 and 1 000 are 60 s or more before 61 000
    expect(await count()).toBe(1);
    expect(await store.recent(scope, 'new', 0, 5)).toEqual([61_000]);
  });

  it('stores keys as an HMAC under its secret: the table does not tell which known key was throttled', async () => {
    const scope = `hmac-${randomUUID()}`;
    const limit = { maxFailures: 5, windowSeconds: 60 };
    const store = new PostgresThrottleStore(database.db, { keySecret: createSecretKey(randomBytes(32)) });
    await store.record(scope, 'ada@example.com', 1_000, limit);
    const { rows } = await database.db.query<{ key_hash: string }>('select key_hash from auth_throttle_hits where scope = $1', [scope]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.key_hash).not.toBe(createHash('sha256').update('ada@example.com').digest('hex'));
    expect(await store.recent(scope, 'ada@example.com', 0, 5)).toEqual([1_000]);
    expect(await new PostgresThrottleStore(database.db, { keySecret: createSecretKey(randomBytes(32)) }).recent(scope, 'ada@example.com', 0, 5)).toEqual([]);
  });
});
