import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSecretKey, randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Inject, Module, Param, Post, Res } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsString } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { UserError } from '@weft/kernel';
import { Database, EmbeddedPostgres, migrateUp } from '@weft/postgres';
import { type TestDatabase, createTestDatabase, waitUntil } from '@weft/testing';
import { loadPlatformConfig } from '@weft/config';
import { createHttpApplication } from '../http-application.js';
import { AUTHENTICATOR, type Authenticator, type Principal } from '../access/principal.js';
import { IDEMPOTENCY_FINGERPRINT_KEY, type IdempotencyOptions } from './idempotency.js';
import { idempotencyMigrations } from './idempotency-migrations.js';
import { ServiceModule } from '@weft/nest';

type Mode = 'ok' | 'fail' | 'missing' | 'big' | 'secret' | 'unauthorized';

/** What the test controller does next, and how often it ran: the handler's side effect. */
const control = { calls: 0, mode: 'ok' as Mode, gate: undefined as Promise<void> | undefined };

class ThingDto {
  @IsString()
  name!: string;
}

@Controller('things')
class ThingsController {
  constructor(@Inject(Database) private readonly db: Database) {}

  @Post()
  async create(@Body() body: ThingDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<object> {
    const n = ++control.calls;
    // The handler uses the database too: on a one-connection database this must not wait for the key's queries.
    await this.db.query('select 1');
    if (control.gate) await control.gate;
    if (control.mode === 'fail') throw new Error('the handler broke');
    if (control.mode === 'missing') throw new UserError('not_found', 'thing.not_found', 'No such thing.');
    if (control.mode === 'unauthorized') throw new UserError('unauthorized', 'auth.unauthenticated', 'A valid credential is required.');
    const id = randomUUID();
    void reply.header('location', `/things/${id}`);
    if (control.mode === 'secret') {
      void reply.header('cache-control', 'no-store');
      return { id, secret: `weft_ak_${id}` };
    }
    return { id, name: body.name, n, ...(control.mode === 'big' ? { padding: 'x'.repeat(4096) } : {}) };
  }

  @Delete(':id')
  remove(@Param('id') id: string): object {
    return { id, deleted: ++control.calls };
  }
}

/** Tokens as identity would check them: two sessions of alice, one of bob, an API key; anything else is 401. */
const principals: Readonly<Record<string, Principal>> = {
  'Bearer alice-token': { kind: 'user', userId: 'alice', platformRole: 'user', sessionId: 's1' },
  'Bearer alice-token-2': { kind: 'user', userId: 'alice', platformRole: 'user', sessionId: 's2' },
  'Bearer bob-token': { kind: 'user', userId: 'bob', platformRole: 'user', sessionId: 's3' },
  wk_secret_key: { kind: 'apiKey', apiKeyId: 'key-1', organizationId: 'org-1', role: 'member' },
};
const authenticator: Authenticator = {
  authenticate: async (context) => {
    const headers = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers;
    const principal = principals[headers['authorization'] ?? headers['x-api-key'] ?? ''];
    if (principal === undefined) throw new UserError('unauthorized', 'auth.unauthenticated', 'A valid credential is required.');
    return principal;
  },
};

@Module({
  controllers: [ThingsController],
  providers: [
    { provide: AUTHENTICATOR, useValue: authenticator },
    { provide: IDEMPOTENCY_FINGERPRINT_KEY, useValue: createSecretKey(Buffer.alloc(32, 7)) },
  ],
})
class ThingsModule {}

async function startApp(database: Database, idempotency: Partial<IdempotencyOptions>): Promise<NestFastifyApplication> {
  const config = loadPlatformConfig({ LOG_LEVEL: 'error' });
  const app = await createHttpApplication(ServiceModule.register({ database }, [ThingsModule]), config, { title: 'test', description: 'test', idempotency });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => undefined as void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const post = (app: NestFastifyApplication, key: string | undefined, body: object = { name: 'a' }, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/things', payload: body, headers: { ...(key === undefined ? {} : { 'idempotency-key': key }), ...headers } });

describe('Idempotency-Key on a real PostgreSQL', () => {
  let database: TestDatabase;
  let app: NestFastifyApplication;
  const rows = async (key: string) => (await database.db.query('select * from idempotency_keys where idempotency_key = $1', [key])).rows;

  beforeAll(async () => {
    database = await createTestDatabase({ migrations: idempotencyMigrations });
    app = await startApp(database.db, { maxStoredBodyBytes: 2048, sweepIntervalMs: 0 });
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  beforeEach(() => {
    control.calls = 0;
    control.mode = 'ok';
    control.gate = undefined;
  });

  it('answers a repeat with the first answer, marked as replayed, without running the handler again', async () => {
    const key = randomUUID();
    const first = await post(app, key);
    const again = await post(app, key);
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(again.headers['location']).toBe(first.headers['location']);
    expect(again.headers['location']).toMatch(/^\/things\//);
    expect(control.calls).toBe(1);
  });

  it('never keeps a no-store answer (a secret shown once): a repeat is refused with 409, and the handler does not run again', async () => {
    control.mode = 'secret';
    const key = randomUUID();
    const first = await post(app, key);
    expect(first.statusCode).toBe(201);
    const secret = (JSON.parse(first.body) as { secret: string }).secret;
    const again = await post(app, key);
    expect(again.statusCode).toBe(409);
    expect(JSON.parse(again.body)).toMatchObject({ code: 'idempotency.not_replayable', firstStatus: 201 });
    expect(again.body).not.toContain(secret);
    expect(JSON.stringify(await rows(key))).not.toContain(secret);
    expect(control.calls).toBe(1);
  });

  it('rejects the same key with another body (422) and does not run the handler', async () => {
    const key = randomUUID();
    await post(app, key, { name: 'a' });
    const other = await post(app, key, { name: 'b' });
    expect(other.statusCode).toBe(422);
    expect(other.headers['content-type']).toContain('application/problem+json');
    expect(other.json()).toMatchObject({ status: 422, code: 'idempotency.key_reused' });
    expect(control.calls).toBe(1);
  });

  it('runs the handler once for 5 concurrent duplicates; the others get 409 while it runs', async () => {
    const gate = deferred();
    control.gate = gate.promise;
    const key = randomUUID();
    let settled = 0;
    const all = Array.from({ length: 5 }, () => post(app, key).finally(() => settled++));
    await waitUntil(() => settled === 4, { description: 'the four duplicates to be answered' });
    gate.resolve();
    const answers = await Promise.all(all);
    const conflicts = answers.filter((a) => a.statusCode === 409);
    expect(conflicts).toHaveLength(4);
    for (const conflict of conflicts) {
      expect(conflict.headers['retry-after']).toBe('1');
      expect(conflict.json()).toMatchObject({ status: 409, code: 'idempotency.in_progress', detail: expect.stringContaining('in progress') });
    }
    const created = answers.filter((a) => a.statusCode === 201);
    expect(created).toHaveLength(1);
    expect(control.calls).toBe(1);
    expect((await post(app, key)).body).toBe(created[0]?.body);
  });

  it('runs the handler once for 5 concurrent duplicates that race to completion: each gets the answer or 409', async () => {
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(app, key)));
    expect(control.calls).toBe(1);
    const created = answers.filter((a) => a.statusCode === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.body)).size).toBe(1);
    expect(answers.every((a) => a.statusCode === 201 || a.statusCode === 409)).toBe(true);
  });

  it('releases the key after a 5xx, so that a retry runs the handler again', async () => {
    const key = randomUUID();
    control.mode = 'fail';
    expect((await post(app, key)).statusCode).toBe(500);
    expect(await rows(key)).toHaveLength(0);
    control.mode = 'ok';
    const retry = await post(app, key);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(control.calls).toBe(2);
    expect((await post(app, key)).headers['idempotent-replayed']).toBe('true');
    expect(control.calls).toBe(2);
  });

  it('stores a 4xx answer and replays it', async () => {
    const key = randomUUID();
    control.mode = 'missing';
    const first = await post(app, key);
    control.mode = 'ok';
    const again = await post(app, key);
    expect(first.statusCode).toBe(404);
    expect(again.statusCode).toBe(404);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.body).toBe(first.body);
    expect(control.calls).toBe(1);
  });

  it('takes over an abandoned in-flight key (older than the lease); the abandoned request cannot overwrite the new answer', async () => {
    const first = deferred();
    const second = deferred();
    control.gate = first.promise;
    const key = randomUUID();
    const abandoned = post(app, key);
    await waitUntil(() => control.calls === 1, { description: 'the first request to run' });
    expect((await post(app, key)).statusCode).toBe(409);
    await database.db.query(`update idempotency_keys set locked_at = now() - interval '2 minutes' where idempotency_key = $1`, [key]);
    control.gate = second.promise;
    const takeover = post(app, key);
    await waitUntil(() => control.calls === 2, { description: 'the takeover to run' });
    first.resolve();
    expect((await abandoned).json()).toMatchObject({ n: 1 });
    // The abandoned request lost its claim: its answer is not stored, the takeover still runs.
    expect((await post(app, key)).statusCode).toBe(409);
    second.resolve();
    const taken = await takeover;
    expect(taken.statusCode).toBe(201);
    expect(taken.json()).toMatchObject({ n: 2 });
    const again = await post(app, key);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(taken.body);
    expect(control.calls).toBe(2);
  });

  it('renews the lease of a request that runs longer than the lease, so that it is not taken over', async () => {
    const shortLease = await startApp(database.db, { leaseMs: 150, sweepIntervalMs: 0 });
    try {
      const gate = deferred();
      control.gate = gate.promise;
      const key = randomUUID();
      const first = post(shortLease, key);
      await waitUntil(() => control.calls === 1, { description: 'the first request to run' });
      await waitUntil(
        async () =>
          (await database.db.query(`select 1 from idempotency_keys where idempotency_key = $1 and created_at < now() - interval '600 milliseconds'`, [key]))
            .rowCount === 1,
        {
          description: 'four leases to pass',
        },
      );
      control.gate = undefined; // a takeover would answer at once
      expect((await post(shortLease, key)).statusCode).toBe(409);
      gate.resolve();
      expect((await first).statusCode).toBe(201);
      expect(control.calls).toBe(1);
    } finally {
      await shortLease.close();
    }
  });

  it('forgets an expired key: the request runs again', async () => {
    const key = randomUUID();
    await post(app, key);
    await database.db.query(`update idempotency_keys set expires_at = now() - interval '1 second' where idempotency_key = $1`, [key]);
    const again = await post(app, key);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(control.calls).toBe(2);
  });

  it('sweeps expired keys periodically', async () => {
    const key = randomUUID();
    await post(app, key);
    await database.db.query(`update idempotency_keys set expires_at = now() - interval '1 second' where idempotency_key = $1`, [key]);
    expect(await rows(key)).toHaveLength(1); // this app does not sweep: only lazily, on the key's next use
    const sweeping = await startApp(database.db, { sweepIntervalMs: 50 });
    try {
      await waitUntil(async () => (await rows(key)).length === 0, { description: 'the sweep to delete the expired key' });
    } finally {
      await sweeping.close();
    }
  });

  it('keeps principals apart: another user, an API key and anonymous each get their own scope; no credential is stored', async () => {
    const key = randomUUID();
    const alice = await post(app, key, { name: 'a' }, { authorization: 'Bearer alice-token' });
    const bob = await post(app, key, { name: 'a' }, { authorization: 'Bearer bob-token' });
    const apiKey = await post(app, key, { name: 'a' }, { 'x-api-key': 'wk_secret_key' });
    const anonymous = await post(app, key, { name: 'a' });
    expect([alice, bob, apiKey, anonymous].map((a) => a.json<{ n: number }>().n)).toEqual([1, 2, 3, 4]);
    // Alice signed in again: another token, the same principal, the first answer.
    const aliceAgain = await post(app, key, { name: 'a' }, { authorization: 'Bearer alice-token-2' });
    expect(aliceAgain.headers['idempotent-replayed']).toBe('true');
    expect(aliceAgain.body).toBe(alice.body);
    expect(control.calls).toBe(4);
    const stored = (await database.db.query<{ row: string }>('select t::text as row from idempotency_keys t where idempotency_key = $1', [key])).rows;
    expect(stored).toHaveLength(4);
    for (const { row } of stored) expect(row).not.toMatch(/alice-token|bob-token|wk_secret_key/);
  });

  it('authenticates first: a credential that does not authenticate is neither claimed, stored nor replayed', async () => {
    const key = randomUUID();
    const alice = await post(app, key, { name: 'a' }, { authorization: 'Bearer alice-token' });
    const forged = await post(app, key, { name: 'a' }, { authorization: 'Bearer forged' });
    expect(forged.headers['idempotent-replayed']).toBeUndefined();
    expect(forged.body).not.toBe(alice.body);
    expect(await rows(key)).toHaveLength(1);
    const stranger = randomUUID();
    await post(app, stranger, { name: 'a' }, { 'x-api-key': 'wk_revoked' });
    expect(await rows(stranger)).toHaveLength(0);
  });

  it('never stores a 401: a request that still needs its credential is not answered from the store', async () => {
    const key = randomUUID();
    control.mode = 'unauthorized';
    expect((await post(app, key)).statusCode).toBe(401);
    expect(await rows(key)).toHaveLength(0);
    control.mode = 'ok';
    expect((await post(app, key)).statusCode).toBe(201);
  });

  it.each([
    ['empty', ''],
    ['256 characters long', 'k'.repeat(256)],
    ['not ASCII', 'clé'],
    ['with a control character', 'a\tb'],
  ])('rejects a key that is %s (400) without running the handler', async (_what, key) => {
    const answer = await post(app, key);
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ status: 400, code: 'idempotency.key_malformed' });
    expect(control.calls).toBe(0);
  });

  it('accepts a key of 255 printable characters', async () => {
    const key = `${randomUUID()} ~!`.padEnd(255, 'k');
    expect((await post(app, key)).statusCode).toBe(201);
    expect((await post(app, key)).headers['idempotent-replayed']).toBe('true');
    expect(control.calls).toBe(1);
  });

  it('leaves requests without the header alone', async () => {
    const before = (await database.db.query('select count(*)::int as n from idempotency_keys')).rows[0]?.n;
    const first = await post(app, undefined);
    const second = await post(app, undefined);
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.body).not.toBe(first.body);
    expect(control.calls).toBe(2);
    expect((await database.db.query('select count(*)::int as n from idempotency_keys')).rows[0]?.n).toBe(before);
  });

  it('does not store an answer bigger than the limit: it is answered, and a repeat runs again', async () => {
    const key = randomUUID();
    control.mode = 'big';
    const first = await post(app, key);
    expect(first.statusCode).toBe(201);
    expect(first.body.length).toBeGreaterThan(2048);
    expect(await rows(key)).toHaveLength(0);
    expect((await post(app, key)).headers['idempotent-replayed']).toBeUndefined();
    expect(control.calls).toBe(2);
  });

  it('covers DELETE too, scoped by path', async () => {
    const key = randomUUID();
    const first = await app.inject({ method: 'DELETE', url: '/things/1', headers: { 'idempotency-key': key } });
    const again = await app.inject({ method: 'DELETE', url: '/things/1', headers: { 'idempotency-key': key } });
    const otherPath = await app.inject({ method: 'DELETE', url: '/things/2', headers: { 'idempotency-key': key } });
    expect(first.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
    expect(otherPath.headers['idempotent-replayed']).toBeUndefined();
    expect(control.calls).toBe(2);
  });
});

describe('Idempotency-Key on the embedded one-connection database (PGlite)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-idempotency-'));
  let embedded: EmbeddedPostgres;
  let db: Database;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    embedded = await EmbeddedPostgres.start(dataDir);
    db = new Database({ url: embedded.url, maxConnections: 1 });
    await migrateUp(db, idempotencyMigrations);
    app = await startApp(db, {});
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await embedded?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    control.calls = 0;
    control.mode = 'ok';
    control.gate = undefined;
  });

  it('claims, answers 409 while in flight, stores and replays without waiting on the one connection', async () => {
    const gate = deferred();
    control.gate = gate.promise;
    const key = randomUUID();
    const first = post(app, key);
    await waitUntil(() => control.calls === 1, { description: 'the first request to run' });
    const duplicate = await post(app, key);
    expect(duplicate.statusCode).toBe(409);
    gate.resolve();
    const answer = await first;
    expect(answer.statusCode).toBe(201);
    const again = await post(app, key);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(answer.body);
    expect(control.calls).toBe(1);
  }, 30_000);
});
