import { type CatalogLoader } from './active-workflow-cache.js';
import { type ActiveRoute, type CatalogWorkflowVersion } from './catalog-queries.js';
import { CONFIRM, INVALIDATE, LuaScript, READ, type ScriptClient, WRITE, catalogKeyPrefix } from './redis-catalog-scripts.js';
import { normalizeMethod, requestPathOf } from './webhook-routes.js';

export interface RedisCatalogOptions {
  /** Keys start with `{<keyPrefix>:catalog}:`, so deployments (and test runs) can share a Redis. */
  readonly keyPrefix: string;
  /** How long a route hit stays in Redis: the safety net behind invalidation. Default 30 000 ms. */
  readonly routeTtlMs?: number;
  /** How long a route miss stays in Redis. Default (and at most) 1 000 ms. */
  readonly missTtlMs?: number;
  /** How long a version stays in Redis (versions are invalidated with their workflow; the TTL bounds memory). Default 1 day. */
  readonly versionTtlMs?: number;
  /** How long an invalidation the catalog never confirms keeps Redis from being filled. Default 30 000 ms. */
  readonly pendingTtlMs?: number;
  /** After a failed Redis call, how long Redis is not asked (the database answers). Default 1 000 ms. */
  readonly retryAfterMs?: number;
  readonly logger?: { warn(message: string): void; log(message: string): void };
  /** Milliseconds now. Default `Date.now`. */
  readonly now?: () => number;
}

/** Counters, for tests and metrics. `database*` are the reads that reached PostgreSQL. */
export interface RedisCatalogStats {
  readonly hits: number;
  readonly misses: number;
  readonly databaseRoutes: number;
  readonly databaseVersions: number;
  /** Lookups answered from the database because Redis was down or not yet told of an invalidation. */
  readonly fallbacks: number;
  readonly available: boolean;
}

type Kind = 'r' | 'v';
interface Snapshot {
  readonly gen: string;
  readonly value: string | null;
  readonly pending: readonly (readonly [string, bigint])[];
}

const invalidateScript = new LuaScript(INVALIDATE);
const readScript = new LuaScript(READ);
const writeScript = new LuaScript(WRITE);
const confirmScript = new LuaScript(CONFIRM);

/**
 * A `CatalogLoader` with a Redis shared by every process between the in-process cache
 * and PostgreSQL: route lookups and versions are read from Redis, and from `inner` (the
 * catalog tables) only on a Redis miss. Invalidated by `invalidate` (every process
 * subscribes it to the Workflow events, as the in-process cache).
 *
 * Why no stale entry is served (README, "Redis layer"): an invalidation registers its
 * position as pending and moves a generation in one script; route entries are keyed by
 * the generation, and a filler writes only when the generation is still the one it read
 * *and* the catalog had reached every pending position before it read the database. A
 * Redis that is down is skipped (the database answers; logged once), and the
 * invalidations it missed are replayed before it is read again.
 */
export class RedisCatalogLoader implements CatalogLoader<CatalogWorkflowVersion> {
  private readonly keys: { readonly prefix: string; readonly gen: string; readonly pending: string };
  private readonly routeTtlMs: number;
  private readonly missTtlMs: number;
  private readonly versionTtlMs: number;
  private readonly pendingTtlMs: number;
  private readonly retryAfterMs: number;
  private readonly now: () => number;
  /** This process's invalidations the catalog has not confirmed: replayed when Redis lost them. */
  private readonly local = new Map<string, { position: bigint; since: number }>();
  /** Invalidations not yet written to Redis: while any is, Redis is not read. */
  private readonly owed = new Map<string, bigint>();
  private flushing: Promise<void> = Promise.resolve();
  /** The highest generation seen: a lower one means Redis lost its data (restart, failover). */
  private lastGen = 0n;
  private downUntil = 0;
  private down = false;
  private counts = { hits: 0, misses: 0, databaseRoutes: 0, databaseVersions: 0, fallbacks: 0 };

  constructor(
    private readonly redis: ScriptClient,
    private readonly inner: CatalogLoader<CatalogWorkflowVersion>,
    private readonly options: RedisCatalogOptions,
  ) {
    const prefix = catalogKeyPrefix(options.keyPrefix);
    this.keys = { prefix, gen: `${prefix}gen`, pending: `${prefix}pending` };
    this.routeTtlMs = options.routeTtlMs ?? 30_000;
    this.missTtlMs = Math.min(options.missTtlMs ?? 1_000, 1_000);
    this.versionTtlMs = options.versionTtlMs ?? 86_400_000;
    this.pendingTtlMs = options.pendingTtlMs ?? 30_000;
    this.retryAfterMs = options.retryAfterMs ?? 1_000;
    this.now = options.now ?? Date.now;
  }

  get stats(): RedisCatalogStats {
    return { ...this.counts, available: !this.down };
  }

  /** A Workflow event at `position` was seen for `workflowId`. Synchronous: a lookup that starts after it waits for Redis to be told. */
  invalidate(workflowId: string, position: bigint): void {
    const id = workflowId.toLowerCase();
    const mine = this.local.get(id);
    if (mine === undefined || position > mine.position) this.local.set(id, { position, since: this.now() });
    if (position > (this.owed.get(id) ?? -1n)) this.owed.set(id, position);
    this.flushing = this.flushing.then(() => this.flush());
  }

  async findRoute(method: string, path: string): Promise<ActiveRoute | undefined> {
    const m = normalizeMethod(method);
    const request = requestPathOf(path);
    if (m === undefined || request === undefined) return undefined; // nothing can match
    const load = () => {
      this.counts.databaseRoutes++;
      return this.inner.findRoute(method, path);
    };
    return this.cached<ActiveRoute>(
      'r',
      `${m} ${request.path}`,
      load,
      (route) => (route === undefined ? this.missTtlMs : this.routeTtlMs),
      undefined,
      () => true,
    );
  }

  async findVersion(organizationId: string, workflowId: string, version: number): Promise<CatalogWorkflowVersion | undefined> {
    const id = workflowId.toLowerCase();
    const load = () => {
      this.counts.databaseVersions++;
      return this.inner.findVersion(organizationId, workflowId, version);
    };
    const found = await this.cached<CatalogWorkflowVersion>(
      'v',
      `${this.keys.prefix}v:${id}:${version}`,
      load,
      (v) => (v === undefined ? undefined : this.versionTtlMs), // absence is not remembered: the catalog may be about to insert it
      `${this.keys.prefix}vs:${id}`,
      (pendingId) => pendingId === id,
    );
    // A version is cached by (workflow, version); the organization is checked on every hit, as the database query does.
    return found !== undefined && found.organizationId.toLowerCase() === organizationId.toLowerCase() ? found : undefined;
  }

  positions(workflowIds: readonly string[]): Promise<ReadonlyMap<string, bigint>> {
    return this.inner.positions(workflowIds);
  }

  /** From Redis if it has it; else from the database, written back when that is safe. */
  private async cached<T>(
    kind: Kind,
    field: string,
    load: () => Promise<T | undefined>,
    ttlOf: (value: T | undefined) => number | undefined,
    index: string | undefined,
    concerns: (pendingWorkflowId: string) => boolean,
  ): Promise<T | undefined> {
    const snapshot = (await this.ready()) ? await this.attempt(() => this.read(kind, field)) : undefined;
    if (snapshot === undefined) {
      this.counts.fallbacks++;
      return load();
    }
    if (snapshot.value !== null) {
      this.counts.hits++;
      const parsed = JSON.parse(snapshot.value) as T | null; // "null": a remembered route miss
      return parsed ?? undefined;
    }
    this.counts.misses++;
    // Before the database read: a confirmation after it could see the catalog catch up
    // after the read, and the stale answer would be written.
    const caughtUp = await this.catalogCaughtUp(snapshot.pending.filter(([id]) => concerns(id)));
    const value = await load();
    const ttl = ttlOf(value);
    if (caughtUp && ttl !== undefined) {
      await this.attempt(() => writeScript.run(this.redis, [this.keys.gen], [snapshot.gen, kind, field, JSON.stringify(value ?? null), ttl, index ?? '']));
    }
    return value;
  }

  private async read(kind: Kind, field: string): Promise<Snapshot | undefined> {
    const raw = (await readScript.run(this.redis, [this.keys.gen, this.keys.pending], [kind, field, this.pendingTtlMs])) as (string | null)[];
    const gen = String(raw[0]);
    if (BigInt(gen) < this.lastGen) {
      // Redis lost its data (restart without persistence, failover): what it had of this
      // process's invalidations is gone. Tell it again before anything is read from it.
      this.options.logger?.warn("Redis lost the catalog cache state; replaying this process's invalidations");
      this.lastGen = 0n;
      this.replayLocal();
      return undefined;
    }
    this.lastGen = BigInt(gen);
    const pending: [string, bigint][] = [];
    for (let i = 2; i + 1 < raw.length; i += 2) pending.push([String(raw[i]), BigInt(String(raw[i + 1]))]);
    return { gen, value: raw[1] ?? null, pending };
  }

  /** Whether the catalog has applied each of these pending invalidations; those it has are forgotten, here and in Redis. */
  private async catalogCaughtUp(pending: readonly (readonly [string, bigint])[]): Promise<boolean> {
    this.expireLocal();
    if (pending.length === 0) return true;
    const reached = await this.inner.positions(pending.map(([id]) => id));
    const confirmed = pending.filter(([id, position]) => (reached.get(id) ?? -1n) >= position);
    for (const [id] of confirmed) {
      const mine = this.local.get(id);
      if (mine !== undefined && mine.position <= (reached.get(id) ?? -1n)) this.local.delete(id);
    }
    if (confirmed.length > 0)
      await this.attempt(() =>
        confirmScript.run(
          this.redis,
          [this.keys.pending],
          confirmed.flatMap(([id, position]) => [id, String(position)]),
        ),
      );
    return confirmed.length === pending.length;
  }

  /** Whether Redis may be read: it is not in its retry pause and has been told of every invalidation. */
  private async ready(): Promise<boolean> {
    await this.flushing;
    if (this.owed.size > 0 && this.now() >= this.downUntil) {
      this.flushing = this.flushing.then(() => this.flush());
      await this.flushing;
    }
    return this.owed.size === 0 && this.now() >= this.downUntil;
  }

  private async flush(): Promise<void> {
    if (this.owed.size === 0 || this.now() < this.downUntil) return;
    for (const [id, position] of [...this.owed]) {
      const gen = await this.attempt(() => invalidateScript.run(this.redis, [this.keys.gen, this.keys.pending], [id, String(position), this.keys.prefix]));
      if (gen === undefined) return; // Redis is down: still owed, replayed before Redis is read again
      if (this.owed.get(id) === position) this.owed.delete(id);
      const value = BigInt(String(gen));
      if (value > this.lastGen) this.lastGen = value;
    }
  }

  private replayLocal(): void {
    this.expireLocal();
    for (const [id, { position }] of this.local) if (position > (this.owed.get(id) ?? -1n)) this.owed.set(id, position);
    this.flushing = this.flushing.then(() => this.flush());
  }

  private expireLocal(): void {
    const now = this.now();
    for (const [id, entry] of this.local) if (now - entry.since >= this.pendingTtlMs) this.local.delete(id);
  }

  /** Runs a Redis call; on failure marks Redis down for `retryAfterMs` (logged once per outage) and returns `undefined`. */
  private async attempt<T>(call: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await call();
      if (this.down) {
        this.down = false;
        this.options.logger?.log('Redis is reachable again: the catalog cache uses it');
      }
      return result;
    } catch (error) {
      this.downUntil = this.now() + this.retryAfterMs;
      if (!this.down) {
        this.down = true;
        this.options.logger?.warn(
          `Redis is unavailable (${error instanceof Error ? error.message : String(error)}): the catalog is read from PostgreSQL until it is back`,
        );
      }
      return undefined;
    }
  }
}
