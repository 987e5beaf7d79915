import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { type RecordedEvent } from '@weft/kernel';
import { tenantIsolationMigrations } from '@weft/postgres';
import { projectionTransaction } from '@weft/projections';
import { type TestDatabase, createTestDatabase, testEnvironment, uniqueTopic, waitUntil } from '@weft/testing';
import { Redis } from 'ioredis';
import { ActiveWorkflowCache, type CatalogLoader, catalogLoader } from './active-workflow-cache.js';
import { executionCatalogProjection } from './catalog-projection.js';
import { type CatalogWorkflowVersion } from './catalog-queries.js';
import { catalogRedisClient } from './redis-catalog-client.js';
import { RedisCatalogLoader } from './redis-catalog-loader.js';

// The shared catalog cache on the real Redis and PostgreSQL. Each `RedisCatalogLoader`
// stands for one process (an execution replica or a worker); they share the Redis and
// the catalog tables, and each is told of the Workflow events as its process would be.

let database: TestDatabase;
let position = 0;
const names = new Map(executionCatalogProjection.tables.map((table) => [table.name, table.name]));
const owner = randomUUID();
const clients: Redis[] = [];
const keyPrefix = uniqueTopic('weft-cache').replace(/[^A-Za-z0-9._-]/g, '-');

function event(type: string, data: Record<string, unknown>): RecordedEvent {
  position += 1;
  const logPosition = { transactionId: String(1000 + position), position: String(position) };
  return {
    eventId: randomUUID(),
    streamId: `workflows.Workflow-${String(data['workflowId'])}`,
    streamVersion: position,
    logPosition,
    type,
    schemaVersion: 1,
    data,
    metadata: {},
    occurredAt: new Date(),
    hash: '',
  };
}

async function apply(...events: RecordedEvent[]): Promise<void> {
  await database.db.transaction(async (tx) => {
    for (const e of events) await executionCatalogProjection.apply(e, projectionTransaction(tx, names));
  });
}

const content = (name: string) => ({
  name,
  description: null,
  teamId: null,
  nodes: [{ id: 'hook', type: 'webhookTrigger', properties: { note: null } }],
  connections: [],
  settings: { timezone: 'UTC' },
  tags: [],
});
const at = () => new Date().toISOString();

function workflow() {
  const ids = { workflowId: randomUUID(), organizationId: randomUUID() };
  return {
    ...ids,
    created: (name: string) =>
      event('WorkflowCreated', {
        ...ids,
        ...content(name),
        slug: name,
        version: 1,
        status: 'draft',
        isTemplate: false,
        fromTemplateId: null,
        createdBy: owner,
        createdAt: at(),
      }),
    updated: (version: number, name: string) =>
      event('WorkflowUpdated', { ...ids, ...content(name), version, changed: ['nodes'], updatedBy: owner, updatedAt: at() }),
    activated: (version: number, path: string) =>
      event('WorkflowActivated', {
        ...ids,
        version,
        webhooks: [{ method: 'POST', path, nodeId: 'hook' }],
        schedules: [],
        activatedBy: owner,
        activatedAt: at(),
      }),
    deactivated: () =>
      event('WorkflowDeactivated', { ...ids, version: 1, webhooks: [], schedules: [], reason: 'requested', deactivatedBy: owner, deactivatedAt: at() }),
    archived: () => event('WorkflowArchived', { ...ids, archivedBy: owner, archivedAt: at() }),
    deleted: () => event('WorkflowDeleted', { ...ids, slug: 'x', deletedBy: owner, deletedAt: at() }),
  };
}

const logs = () => {
  const lines: string[] = [];
  return { lines, warn: (m: string) => void lines.push(`warn ${m}`), log: (m: string) => void lines.push(`log ${m}`) };
};

/** One process's shared-cache layer over the real catalog tables. */
async function processLayer(options: { url?: string; inner?: CatalogLoader<CatalogWorkflowVersion>; prefix?: string } = {}) {
  const logger = logs();
  const prefix = options.prefix ?? keyPrefix;
  const client = await catalogRedisClient({ url: options.url ?? testEnvironment().redisUrl, keyPrefix: prefix });
  clients.push(client);
  await client.connect();
  const loader = new RedisCatalogLoader(client, options.inner ?? catalogLoader(database.db), { keyPrefix: prefix, logger, retryAfterMs: 100 });
  return { loader, client, logger };
}

/** Tells every process of an event, as their store subscriptions would. */
const seen = (e: RecordedEvent, ...loaders: RedisCatalogLoader[]) =>
  loaders.forEach((l) => l.invalidate((e.data as { workflowId: string }).workflowId, BigInt(e.logPosition.position)));

const path = () => `p${randomUUID().slice(0, 8)}/hook`;

beforeAll(async () => {
  database = await createTestDatabase({ migrations: tenantIsolationMigrations });
  for (const table of executionCatalogProjection.tables) for (const ddl of table.create(table.name)) await database.db.query(ddl);
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
  await database?.drop();
});

describe('the shared catalog cache (Redis)', () => {
  it('fills from PostgreSQL once; a process that starts later reads Redis only', async () => {
    const w = workflow();
    const hook = path();
    await apply(w.created('Filled'), w.activated(1, hook));
    const first = await processLayer();
    expect(await first.loader.findRoute('POST', hook)).toMatchObject({ workflowId: w.workflowId, version: 1, nodeId: 'hook' });
    const version = await first.loader.findVersion(w.organizationId, w.workflowId, 1);
    expect(first.loader.stats).toMatchObject({ databaseRoutes: 1, databaseVersions: 1, misses: 2, hits: 0 });

    const later = await processLayer();
    expect(await later.loader.findRoute('POST', hook)).toMatchObject({ workflowId: w.workflowId, version: 1, params: {} });
    expect(await later.loader.findVersion(w.organizationId, w.workflowId, 1)).toEqual(version); // nulls inside the definition survive
    expect((await later.loader.findVersion(w.organizationId, w.workflowId, 1))?.definition.nodes).toEqual([
      { id: 'hook', type: 'webhookTrigger', properties: { note: null } },
    ]);
    expect(await later.loader.findVersion(randomUUID(), w.workflowId, 1)).toBeUndefined(); // another organization's: never served
    expect(later.loader.stats).toMatchObject({ databaseRoutes: 0, databaseVersions: 0, hits: 4 });

    // A miss is remembered briefly; an absent version not at all.
    const unknown = path();
    expect(await later.loader.findRoute('POST', unknown)).toBeUndefined();
    expect(await (await processLayer()).loader.findRoute('POST', unknown)).toBeUndefined();
    expect(await later.loader.findVersion(w.organizationId, w.workflowId, 7)).toBeUndefined();
    expect(await later.loader.findVersion(w.organizationId, w.workflowId, 7)).toBeUndefined();
    expect(later.loader.stats).toMatchObject({ databaseRoutes: 1, databaseVersions: 2 });
  });

  it.each([
    ['activation of another version', (w: ReturnType<typeof workflow>, hook: string) => [w.updated(2, 'v2'), w.activated(2, hook)], 2],
    ['deactivation', (w: ReturnType<typeof workflow>) => [w.deactivated()], undefined],
    ['archive', (w: ReturnType<typeof workflow>) => [w.deactivated(), w.archived()], undefined],
    ['delete', (w: ReturnType<typeof workflow>) => [w.deleted()], undefined],
  ])('is invalidated by a %s: never stale while the catalog lags, cached again once it caught up', async (_name, change, expected) => {
    const w = workflow();
    const hook = path();
    await apply(w.created('Live'), w.activated(1, hook));
    const service = await processLayer();
    const worker = await processLayer();
    expect(await service.loader.findRoute('POST', hook)).toMatchObject({ version: 1 });
    await worker.loader.findVersion(w.organizationId, w.workflowId, 1);

    const events = change(w, hook);
    for (const e of events) seen(e, service.loader, worker.loader);
    // The catalog has not applied them yet: answered from it (still the old answer), not written.
    expect(await service.loader.findRoute('POST', hook)).toMatchObject({ version: 1 });
    expect(await worker.loader.findRoute('POST', hook)).toMatchObject({ version: 1 });
    await apply(...events);
    const now = await worker.loader.findRoute('POST', hook);
    expect(now?.version).toBe(expected);
    // Written now: a process that starts later gets the new answer from Redis.
    const later = await processLayer();
    expect((await later.loader.findRoute('POST', hook))?.version).toBe(expected);
    expect(later.loader.stats).toMatchObject({ hits: 1, databaseRoutes: 0 });
  });

  it("drops a workflow's versions on its update, and fills them again", async () => {
    const w = workflow();
    const hook = path();
    await apply(w.created('Before'), w.activated(1, hook));
    const service = await processLayer();
    await service.loader.findVersion(w.organizationId, w.workflowId, 1);
    const key = `{${keyPrefix}:catalog}:v:${w.workflowId}:1`;
    expect(await service.client.exists(key)).toBe(1);
    const updated = w.updated(2, 'After');
    seen(updated, service.loader);
    expect(await service.loader.findVersion(w.organizationId, w.workflowId, 2)).toBeUndefined(); // not in the catalog yet
    expect(await service.client.exists(key)).toBe(0);
    await apply(updated);
    expect((await service.loader.findVersion(w.organizationId, w.workflowId, 2))?.name).toBe('After');
    expect((await service.loader.findVersion(w.organizationId, w.workflowId, 1))?.name).toBe('Before');
    expect(await service.client.exists(key)).toBe(1);
  });

  it('does not write what a reader read before an invalidation that lands while it reads', async () => {
    const w = workflow();
    const hook = path();
    await apply(w.created('Racy'), w.activated(1, hook));
    // The reader's database read is held open (a real query, answered late) while another process invalidates.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const tables = catalogLoader(database.db);
    let reading!: () => void;
    const started = new Promise<void>((resolve) => (reading = resolve));
    const slow: CatalogLoader<CatalogWorkflowVersion> = {
      ...tables,
      findRoute: async (method, p) => {
        const answer = await tables.findRoute(method, p);
        reading();
        await held;
        return answer;
      },
    };
    const prefix = `${keyPrefix}-race`; // no other test's pending invalidations
    const reader = await processLayer({ inner: slow, prefix });
    const other = await processLayer({ prefix });
    const lookup = reader.loader.findRoute('POST', hook);
    await started; // it has read version 1 from the catalog
    const deactivated = w.deactivated();
    seen(deactivated, other.loader);
    await apply(deactivated);
    expect(await other.loader.findRoute('POST', hook)).toBeUndefined(); // flushes the invalidation, caches the miss
    release();
    expect(await lookup).toMatchObject({ version: 1 }); // its own answer, from before
    const later = await processLayer({ prefix });
    expect(await later.loader.findRoute('POST', hook)).toBeUndefined();
    // Not even under the generation the reader started from: the write was refused.
    const keys = await other.client.keys(`{${prefix}:catalog}:r:*`);
    const values = await Promise.all(keys.map((key) => other.client.get(key)));
    expect(values.filter((value) => value !== null && value !== 'null')).toEqual([]);
  });

  it('falls back to PostgreSQL while Redis is down, logs once, and replays missed invalidations before reading it again', async () => {
    const redis = await startRedis();
    try {
      const w = workflow();
      const hook = path();
      await apply(w.created('Outage'), w.activated(1, hook));
      const service = await processLayer({ url: redis.url });
      expect(await service.loader.findRoute('POST', hook)).toMatchObject({ version: 1 });
      await service.loader.findVersion(w.organizationId, w.workflowId, 1);

      redis.process.kill('SIGSTOP'); // unreachable, data kept: the stale entry is still there when it comes back
      const deactivated = w.deactivated();
      seen(deactivated, service.loader);
      await apply(deactivated);
      for (let i = 0; i < 3; i++) expect(await service.loader.findRoute('POST', hook)).toBeUndefined();
      expect((await service.loader.findVersion(w.organizationId, w.workflowId, 1))?.name).toBe('Outage');
      expect(service.loader.stats.available).toBe(false);
      expect(service.logger.lines.filter((line) => line.startsWith('warn'))).toHaveLength(1);

      redis.process.kill('SIGCONT');
      await waitUntil(async () => {
        await service.loader.findRoute('POST', hook);
        return service.loader.stats.available;
      });
      expect(service.logger.lines.at(-1)).toMatch(/reachable again/);
      // A process that never saw the deactivation does not get the entry cached before it.
      const later = await processLayer({ url: redis.url });
      expect(await later.loader.findRoute('POST', hook)).toBeUndefined();
    } finally {
      redis.process.kill('SIGCONT');
      redis.process.kill('SIGKILL');
    }
  });

  it('serves the in-process cache from Redis: a new process runs a webhook without reading the catalog tables', async () => {
    const w = workflow();
    const hook = path();
    await apply(w.created('Layered'), w.activated(1, hook));
    const warm = new ActiveWorkflowCache((await processLayer()).loader);
    const route = await warm.route('POST', hook);
    await warm.version(w.organizationId, w.workflowId, route!.version);
    const fresh = await processLayer();
    const cache = new ActiveWorkflowCache(fresh.loader);
    expect(await cache.route('POST', hook)).toMatchObject({ workflowId: w.workflowId });
    expect((await cache.version(w.organizationId, w.workflowId, 1))?.name).toBe('Layered');
    expect(fresh.loader.stats).toMatchObject({ databaseRoutes: 0, databaseVersions: 0, hits: 2 });
  });
});

/** A Redis of this test's own (no persistence), so it can be paused and stopped. */
async function startRedis(): Promise<{ url: string; process: ChildProcess }> {
  const port = await new Promise<number>((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = server.address() as net.AddressInfo;
      server.close(() => resolve(free));
    });
    server.on('error', reject);
  });
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => 100 });
  probe.on('error', () => undefined);
  try {
    await waitUntil(async () => (await probe.ping().catch(() => '')) === 'PONG');
  } finally {
    probe.disconnect();
  }
  return { url, process: child };
}
