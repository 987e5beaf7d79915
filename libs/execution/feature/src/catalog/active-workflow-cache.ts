import { type ActiveRoute, type CatalogWorkflowVersion, findActiveRoute, findCatalogPositions, findWorkflowVersion } from './catalog-queries.js';
import { type Queryable } from '@weft/postgres';
import { normalizeMethod, requestPathOf } from './webhook-routes.js';

/** What the cache reads through: the catalog queries, or a fake in a unit test. */
export interface CatalogLoader<V = CatalogWorkflowVersion> {
  findRoute(method: string, path: string): Promise<ActiveRoute | undefined>;
  findVersion(organizationId: string, workflowId: string, version: number): Promise<V | undefined>;
  /** The catalog's position of each workflow: the global position of the last Workflow event of it the catalog applied. */
  positions(workflowIds: readonly string[]): Promise<ReadonlyMap<string, bigint>>;
}

/** The loader over the catalog tables. */
export function catalogLoader(db: Queryable): CatalogLoader {
  return {
    findRoute: (method, path) => findActiveRoute(db, method, path),
    findVersion: (organizationId, workflowId, version) => findWorkflowVersion(db, organizationId, workflowId, version),
    positions: (workflowIds) => findCatalogPositions(db, workflowIds),
  };
}

export interface ActiveWorkflowCacheOptions<V, P> {
  /** Turns a loaded version into what callers use (e.g. a parsed engine graph). Run once per (workflow, version). Default: identity. */
  readonly prepare?: (version: V) => P;
  /** The organization a loaded version belongs to (checked on every hit). Default: `version.organizationId`. */
  readonly organizationOf?: (version: V) => string;
  /** How long a route hit is served without asking the catalog again: a safety net behind invalidation. Default 5 000 ms. */
  readonly routeTtlMs?: number;
  /** How long a route miss is remembered. Default (and at most) 1 000 ms. */
  readonly missTtlMs?: number;
  /** How long an invalidation the catalog never confirms keeps route caching off. Default 30 000 ms. */
  readonly pendingTtlMs?: number;
  /** Bound of the route entries (hits and misses; request paths are chosen by callers). Default 10 000. */
  readonly maxRoutes?: number;
  /** Bound of the prepared versions. Default 1 000. */
  readonly maxVersions?: number;
  /** Milliseconds now. Default `Date.now`. */
  readonly now?: () => number;
}

interface RouteEntry {
  readonly route: ActiveRoute | undefined;
  readonly expiresAt: number;
}

interface VersionEntry<P> {
  readonly organizationId: string;
  readonly prepared: P;
}

interface Pending {
  position: bigint;
  readonly since: number;
}

/** A `Map` used as an LRU: insertion order is recency order. */
class Lru<K, V> {
  private readonly entries = new Map<K, V>();
  constructor(private readonly max: number) {}
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as K);
  }
  delete(key: K): void {
    this.entries.delete(key);
  }
  clear(): void {
    this.entries.clear();
  }
  get size(): number {
    return this.entries.size;
  }
  *[Symbol.iterator](): IterableIterator<[K, V]> {
    yield* this.entries;
  }
}

/**
 * The execution service's hot-path view of the catalog: route lookups (hits for a few
 * seconds, misses for at most one) and prepared versions (immutable: kept until the
 * LRU bound evicts them). Plain class, no framework.
 *
 * Staleness: `invalidate(workflowId, position)` (a Workflow event was seen) drops the
 * route entries it may affect and records the position as pending. While any pending
 * position is not yet reached by the catalog (its `execution_catalog_workflows.position`
 * for that workflow), route lookups go to the catalog and their answers are served but
 * not cached; the first lookup after the catalog caught up caches again. See README.md.
 */
export class ActiveWorkflowCache<V = CatalogWorkflowVersion, P = V> {
  private readonly routes: Lru<string, RouteEntry>;
  private readonly versions: Lru<string, VersionEntry<P>>;
  private readonly routeLoads = new Map<string, Promise<ActiveRoute | undefined>>();
  private readonly versionLoads = new Map<string, Promise<VersionEntry<P> | undefined>>();
  private readonly pending = new Map<string, Pending>();
  /** Moves on every invalidation and clear: a load that started before one is not cached. */
  private epoch = 0;
  private readonly routeTtlMs: number;
  private readonly missTtlMs: number;
  private readonly pendingTtlMs: number;
  private readonly now: () => number;
  private readonly prepare: (version: V) => P;
  private readonly organizationOf: (version: V) => string;

  constructor(
    private readonly loader: CatalogLoader<V>,
    options: ActiveWorkflowCacheOptions<V, P> = {},
  ) {
    this.routeTtlMs = options.routeTtlMs ?? 5_000;
    this.missTtlMs = Math.min(options.missTtlMs ?? 1_000, 1_000);
    this.pendingTtlMs = options.pendingTtlMs ?? 30_000;
    this.now = options.now ?? Date.now;
    this.prepare = options.prepare ?? ((version: V) => version as unknown as P);
    this.organizationOf = options.organizationOf ?? ((version: V) => (version as unknown as { organizationId: string }).organizationId);
    this.routes = new Lru(Math.max(1, options.maxRoutes ?? 10_000));
    this.versions = new Lru(Math.max(1, options.maxVersions ?? 1_000));
  }

  /** The active route `method path` matches, or `undefined`; from the cache when it may be. */
  async route(method: string, path: string): Promise<ActiveRoute | undefined> {
    const m = normalizeMethod(method);
    const request = requestPathOf(path);
    if (m === undefined || request === undefined) return undefined; // nothing can match: no query, nothing to remember
    const key = `${m} ${request.path}`;
    const entry = this.routes.get(key);
    if (entry !== undefined) {
      if (entry.expiresAt > this.now()) return entry.route;
      this.routes.delete(key);
    }
    const loading = this.routeLoads.get(key);
    if (loading) return loading;
    const load = this.loadRoute(key, m, request.path).finally(() => {
      if (this.routeLoads.get(key) === load) this.routeLoads.delete(key);
    });
    this.routeLoads.set(key, load);
    return load;
  }

  /**
   * A version prepared by `prepare`, or `undefined` when the catalog does not have it
   * (yet: absence is never remembered) or it is another organization's.
   */
  async version(organizationId: string, workflowId: string, version: number): Promise<P | undefined> {
    const key = `${workflowId.toLowerCase()}/${version}`;
    const cached = this.versions.get(key) ?? (await this.loadVersion(key, organizationId, workflowId, version));
    return cached !== undefined && cached.organizationId.toLowerCase() === organizationId.toLowerCase() ? cached.prepared : undefined;
  }

  /**
   * A Workflow event at `position` was seen for `workflowId`: route entries it may
   * change are dropped, and none are cached again until the catalog has applied it.
   * Versions stay: their content never changes.
   */
  invalidate(workflowId: string, position: bigint): void {
    const id = workflowId.toLowerCase();
    this.epoch++;
    const current = this.pending.get(id);
    if (current === undefined) this.pending.set(id, { position, since: this.now() });
    else if (position > current.position) current.position = position;
    // Its own routes; every miss (it may have gained a route); and every parameter route,
    // which a new literal route of this workflow may now take precedence over.
    for (const [key, entry] of [...this.routes]) {
      if (entry.route === undefined || entry.route.workflowId.toLowerCase() === id || entry.route.path.includes(':')) this.routes.delete(key);
    }
    this.routeLoads.clear(); // a lookup from now on must not join a load that began before
  }

  /** Forgets every entry (pending invalidations stay: the catalog may still be behind them). */
  clear(): void {
    this.epoch++;
    this.routes.clear();
    this.versions.clear();
    this.routeLoads.clear();
    this.versionLoads.clear();
  }

  /** For tests and metrics. */
  get stats(): { readonly routes: number; readonly versions: number; readonly pending: number } {
    return { routes: this.routes.size, versions: this.versions.size, pending: this.pending.size };
  }

  private async loadRoute(key: string, method: string, path: string): Promise<ActiveRoute | undefined> {
    const epoch = this.epoch;
    // Confirm pending invalidations *before* reading the route: a confirmation read
    // after it could see the catalog catch up after the route was read, and cache a stale answer.
    const caughtUp = await this.catalogCaughtUp();
    const route = await this.loader.findRoute(method, path);
    if (caughtUp && epoch === this.epoch) this.routes.set(key, { route, expiresAt: this.now() + (route === undefined ? this.missTtlMs : this.routeTtlMs) });
    return route;
  }

  /** Whether the catalog has applied every pending invalidation (those it has are forgotten). */
  private async catalogCaughtUp(): Promise<boolean> {
    if (this.pending.size === 0) return true;
    const now = this.now();
    for (const [id, p] of this.pending) if (now - p.since >= this.pendingTtlMs) this.pending.delete(id);
    const asked = [...this.pending].map(([id, p]) => [id, p.position] as const);
    if (asked.length === 0) return true;
    const positions = await this.loader.positions(asked.map(([id]) => id));
    for (const [id, position] of asked) {
      const reached = positions.get(id);
      // Forget only what was asked about: a newer invalidation meanwhile raised the position.
      if (reached !== undefined && reached >= position && this.pending.get(id)?.position === position) this.pending.delete(id);
    }
    return asked.every(([id, position]) => (positions.get(id) ?? -1n) >= position);
  }

  private loadVersion(key: string, organizationId: string, workflowId: string, version: number): Promise<VersionEntry<P> | undefined> {
    const loading = this.versionLoads.get(key);
    if (loading) return loading;
    const load = (async () => {
      const loaded = await this.loader.findVersion(organizationId, workflowId, version);
      if (loaded === undefined) return undefined;
      const entry = { organizationId: this.organizationOf(loaded), prepared: this.prepare(loaded) };
      this.versions.set(key, entry); // immutable: neither an invalidation nor a clear makes it stale
      return entry;
    })().finally(() => {
      if (this.versionLoads.get(key) === load) this.versionLoads.delete(key);
    });
    this.versionLoads.set(key, load);
    return load;
  }
}
