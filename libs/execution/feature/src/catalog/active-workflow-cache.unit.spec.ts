import { type CatalogLoader, ActiveWorkflowCache } from './active-workflow-cache.js';
import { type ActiveRoute } from './catalog-queries.js';
import { CatalogInvalidator } from './catalog-invalidator.js';
import { type RecordedEvent } from '@weft/kernel';

// The cache over a fake catalog: what it serves, when it asks, and what it never caches.

const ORG = '00000000-0000-4000-8000-000000000001';
const W1 = '00000000-0000-4000-8000-0000000000a1';
const W2 = '00000000-0000-4000-8000-0000000000a2';

interface Version {
  readonly organizationId: string;
  readonly workflowId: string;
  readonly version: number;
  readonly nodes: readonly string[];
}

/** A catalog in memory: routes by `METHOD path`, positions by workflow, and query counts. */
class FakeCatalog implements CatalogLoader<Version> {
  routes = new Map<string, ActiveRoute>();
  positions_ = new Map<string, bigint>();
  versions = new Map<string, Version>();
  calls = { route: 0, version: 0, positions: 0 };

  async findRoute(method: string, path: string): Promise<ActiveRoute | undefined> {
    this.calls.route++;
    return this.routes.get(`${method} ${path}`);
  }
  async findVersion(organizationId: string, workflowId: string, version: number): Promise<Version | undefined> {
    this.calls.version++;
    const v = this.versions.get(`${workflowId}/${version}`);
    return v?.organizationId === organizationId ? v : undefined;
  }
  async positions(ids: readonly string[]): Promise<ReadonlyMap<string, bigint>> {
    this.calls.positions++;
    return new Map(ids.flatMap((id) => (this.positions_.has(id) ? [[id, this.positions_.get(id)!] as const] : [])));
  }
  /** The catalog applies an event of `workflowId` at `position`, which routes `path` to it (or unroutes it). */
  apply(workflowId: string, position: bigint, route?: { path: string; version: number; routePath?: string }, unroute?: string): void {
    this.positions_.set(workflowId, position);
    if (route)
      this.routes.set(`POST ${route.path}`, {
        workflowId,
        organizationId: ORG,
        version: route.version,
        nodeId: 'hook',
        path: route.routePath ?? route.path,
        params: {},
        authorityId: null,
      });
    if (unroute) this.routes.delete(`POST ${unroute}`);
  }
}

function setup(options: { maxRoutes?: number; maxVersions?: number } = {}) {
  const catalog = new FakeCatalog();
  let now = 1_000_000;
  const clock = { advance: (ms: number) => (now += ms) };
  const cache = new ActiveWorkflowCache<Version, { prepared: string }>(catalog, {
    now: () => now,
    prepare: (v) => ({ prepared: `${v.workflowId}@${v.version}:${v.nodes.join(',')}` }),
    ...options,
  });
  return { catalog, cache, clock };
}

describe('ActiveWorkflowCache', () => {
  it('serves a route hit from memory until its TTL, normalising the method and path', async () => {
    const { catalog, cache, clock } = setup();
    catalog.apply(W1, 10n, { path: 'orders', version: 3 });
    expect(await cache.route('post', '/orders/')).toMatchObject({ workflowId: W1, version: 3 });
    expect(await cache.route('POST', 'orders')).toMatchObject({ workflowId: W1 });
    expect(catalog.calls.route).toBe(1);
    clock.advance(4_999);
    await cache.route('POST', 'orders');
    expect(catalog.calls.route).toBe(1);
    clock.advance(1);
    await cache.route('POST', 'orders'); // the 5 s safety net
    expect(catalog.calls.route).toBe(2);
  });

  it('remembers a miss for one second only, and never queries for a path no route can have', async () => {
    const { catalog, cache, clock } = setup();
    expect(await cache.route('POST', 'nothing')).toBeUndefined();
    expect(await cache.route('POST', 'nothing')).toBeUndefined();
    expect(catalog.calls.route).toBe(1);
    clock.advance(1_000);
    catalog.apply(W1, 5n, { path: 'nothing', version: 1 });
    expect(await cache.route('POST', 'nothing')).toMatchObject({ workflowId: W1 });
    expect(await cache.route('BREW', 'nothing')).toBeUndefined();
    expect(await cache.route('POST', '//')).toBeUndefined();
    expect(await cache.route('POST', 'a/../b')).toBeUndefined();
    expect(catalog.calls.route).toBe(2);
  });

  it('after an invalidation, serves but does not cache what the catalog has until it catches up', async () => {
    const { catalog, cache } = setup();
    catalog.apply(W1, 10n, { path: 'orders', version: 1 });
    await cache.route('POST', 'orders');

    cache.invalidate(W1, 20n); // e.g. a deactivation the catalog has not applied yet
    expect(await cache.route('POST', 'orders')).toMatchObject({ version: 1 }); // the catalog's answer, stale as it is
    expect(await cache.route('POST', 'orders')).toMatchObject({ version: 1 });
    expect(catalog.calls.route).toBe(3); // ...asked again each time, never cached
    expect(cache.stats).toMatchObject({ routes: 0, pending: 1 });

    catalog.apply(W1, 20n, undefined, 'orders'); // the catalog catches up
    expect(await cache.route('POST', 'orders')).toBeUndefined();
    expect(await cache.route('POST', 'orders')).toBeUndefined();
    expect(catalog.calls.route).toBe(4);
    expect(cache.stats).toMatchObject({ routes: 1, pending: 0 });
  });

  it('keeps the highest pending position of a workflow and caches only once the catalog reached it', async () => {
    const { catalog, cache } = setup();
    cache.invalidate(W1, 30n);
    cache.invalidate(W1, 20n);
    catalog.apply(W1, 25n, { path: 'a', version: 1 });
    await cache.route('POST', 'a');
    expect(cache.stats.routes).toBe(0);
    catalog.apply(W1, 30n, { path: 'a', version: 2 });
    expect(await cache.route('POST', 'a')).toMatchObject({ version: 2 });
    expect(cache.stats.routes).toBe(1);
  });

  it("a pending invalidation of another workflow blocks caching: its new route may shadow this one's", async () => {
    const { catalog, cache } = setup();
    catalog.apply(W1, 10n, { path: 'orders/big', routePath: 'orders/:id', version: 1 });
    expect(await cache.route('POST', 'orders/big')).toMatchObject({ workflowId: W1 });
    cache.invalidate(W2, 40n); // W2 activates `orders/big`, not yet in the catalog
    expect(cache.stats.routes).toBe(0); // the parameter route was dropped
    expect(await cache.route('POST', 'orders/big')).toMatchObject({ workflowId: W1 });
    catalog.apply(W2, 40n, { path: 'orders/big', version: 1 });
    expect(await cache.route('POST', 'orders/big')).toMatchObject({ workflowId: W2 });
    expect(await cache.route('POST', 'orders/big')).toMatchObject({ workflowId: W2 });
    expect(catalog.calls.route).toBe(3);
  });

  it('an invalidation keeps literal routes of other workflows cached', async () => {
    const { catalog, cache } = setup();
    catalog.apply(W1, 10n, { path: 'one', version: 1 });
    catalog.apply(W2, 11n, { path: 'two', version: 1 });
    await cache.route('POST', 'one');
    await cache.route('POST', 'two');
    cache.invalidate(W1, 12n);
    expect(cache.stats.routes).toBe(1);
    await cache.route('POST', 'two');
    expect(catalog.calls.route).toBe(2);
  });

  it('does not cache a lookup that was in flight when an invalidation came', async () => {
    const { catalog, cache } = setup();
    catalog.apply(W1, 10n, { path: 'orders', version: 1 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const original = catalog.findRoute.bind(catalog);
    catalog.findRoute = async (method, path) => {
      const route = await original(method, path);
      await gate;
      return route;
    };
    const inFlight = cache.route('POST', 'orders');
    await Promise.resolve();
    cache.invalidate(W1, 11n);
    catalog.apply(W1, 11n, { path: 'orders', version: 2 });
    release();
    expect(await inFlight).toMatchObject({ version: 1 });
    expect(cache.stats.routes).toBe(0);
    expect(await cache.route('POST', 'orders')).toMatchObject({ version: 2 });
  });

  it('forgets a pending invalidation the catalog never confirms after its TTL', async () => {
    const { catalog, cache, clock } = setup();
    catalog.apply(W1, 10n, { path: 'orders', version: 1 });
    cache.invalidate(W2, 99n);
    await cache.route('POST', 'orders');
    expect(cache.stats.routes).toBe(0);
    clock.advance(30_000);
    await cache.route('POST', 'orders');
    expect(cache.stats).toMatchObject({ routes: 1, pending: 0 });
  });

  it('joins concurrent lookups of one route into one query', async () => {
    const { catalog, cache } = setup();
    catalog.apply(W1, 10n, { path: 'orders', version: 1 });
    await Promise.all([cache.route('POST', 'orders'), cache.route('POST', 'orders'), cache.route('POST', 'orders')]);
    expect(catalog.calls.route).toBe(1);
  });

  it('bounds the route entries, evicting the least recently used', async () => {
    const { catalog, cache } = setup({ maxRoutes: 2 });
    await cache.route('POST', 'a');
    await cache.route('POST', 'b');
    await cache.route('POST', 'a'); // a is now the most recent
    await cache.route('POST', 'c'); // evicts b
    expect(cache.stats.routes).toBe(2);
    await cache.route('POST', 'a');
    expect(catalog.calls.route).toBe(3);
    await cache.route('POST', 'b');
    expect(catalog.calls.route).toBe(4);
  });

  it('prepares each version once, keeps it across invalidations, bounds the versions by LRU', async () => {
    const { catalog, cache } = setup({ maxVersions: 2 });
    for (const v of [1, 2, 3]) catalog.versions.set(`${W1}/${v}`, { organizationId: ORG, workflowId: W1, version: v, nodes: [`n${v}`] });
    expect(await cache.version(ORG, W1, 1)).toEqual({ prepared: `${W1}@1:n1` });
    cache.invalidate(W1, 50n);
    expect(await cache.version(ORG, W1, 1)).toEqual({ prepared: `${W1}@1:n1` });
    expect(catalog.calls.version).toBe(1);
    await cache.version(ORG, W1, 2);
    await cache.version(ORG, W1, 3); // evicts version 1
    expect(cache.stats.versions).toBe(2);
    await cache.version(ORG, W1, 1);
    expect(catalog.calls.version).toBe(4);
  });

  it('never serves a version to another organization and never remembers a missing one', async () => {
    const { catalog, cache } = setup();
    catalog.versions.set(`${W1}/1`, { organizationId: ORG, workflowId: W1, version: 1, nodes: [] });
    await cache.version(ORG, W1, 1);
    expect(await cache.version('00000000-0000-4000-8000-00000000ffff', W1, 1)).toBeUndefined();
    expect(await cache.version(ORG, W1, 2)).toBeUndefined();
    catalog.versions.set(`${W1}/2`, { organizationId: ORG, workflowId: W1, version: 2, nodes: ['late'] });
    expect(await cache.version(ORG, W1, 2)).toEqual({ prepared: `${W1}@2:late` });
  });

  it('clear() forgets every entry', async () => {
    const { catalog, cache } = setup();
    catalog.apply(W1, 1n, { path: 'a', version: 1 });
    catalog.versions.set(`${W1}/1`, { organizationId: ORG, workflowId: W1, version: 1, nodes: [] });
    await cache.route('POST', 'a');
    await cache.version(ORG, W1, 1);
    cache.clear();
    expect(cache.stats).toMatchObject({ routes: 0, versions: 0 });
    await cache.route('POST', 'a');
    await cache.version(ORG, W1, 1);
    expect(catalog.calls).toMatchObject({ route: 2, version: 2 });
  });
});

describe('CatalogInvalidator', () => {
  const recorded = (streamId: string, type: string, data: unknown, position = '42'): RecordedEvent => ({
    eventId: 'e',
    streamId,
    streamVersion: 0,
    logPosition: { transactionId: '7', position },
    type,
    schemaVersion: 1,
    data,
    metadata: {},
    occurredAt: new Date(),
    hash: '',
  });

  it('invalidates the workflow of a Workflow event at its global position, and ignores the rest', () => {
    const calls: [string, bigint][] = [];
    const invalidator = new CatalogInvalidator({ invalidate: (id, position) => calls.push([id, position]) });
    expect(invalidator.handle(recorded(`workflows.Workflow-${W1}`, 'WorkflowActivated', { workflowId: W1, organizationId: ORG }))).toBe(true);
    expect(invalidator.handle(recorded(`workflows.Workflow-${W2}`, 'WorkflowUpdated', null, '43'))).toBe(true); // id from the stream
    expect(invalidator.handle(recorded(`workflows.Credential-${W1}`, 'CredentialCreated', { workflowId: W1 }))).toBe(false);
    expect(invalidator.handle(recorded(`workflows.WorkflowSlug-${W1}`, 'WorkflowSlugReserved', { workflowId: W1 }))).toBe(false);
    expect(invalidator.handle(recorded(`execution.Execution-${W1}`, 'WorkflowActivated', { workflowId: W1 }))).toBe(false);
    expect(calls).toEqual([
      [W1, 42n],
      [W2, 43n],
    ]);
  });
});
