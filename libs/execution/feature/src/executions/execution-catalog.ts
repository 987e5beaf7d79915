import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { type WorkflowDefinition } from '@weft/engine-core';
import { type EventStore } from '@weft/eventstore';
import { EVENT_STORE } from '@weft/nest';
import { Database } from '@weft/postgres';
import { type Redis } from 'ioredis';
import {
  type ActiveRoute,
  ActiveWorkflowCache,
  CatalogInvalidator,
  type CatalogLoader,
  type CatalogRedisConfig,
  type CatalogWorkflowVersion,
  RedisCatalogLoader,
  type RedisCatalogStats,
  catalogLoader,
  catalogRedisClient,
} from '../catalog/index.js';
import { ExecutionEngine } from './execution-engine.js';
import { latestWorkflowVersion } from './execution-requests.js';

/** A version ready to run: its engine graph and whose workflow it is. */
export interface RunnableVersion {
  readonly workflowId: string;
  readonly organizationId: string;
  readonly version: number;
  /** Who saved this version: the authority of runs of it that no activation started (manual, API, sub-workflow, error workflow). */
  readonly authorId: string | null;
  readonly workflow: WorkflowDefinition;
}

/** Injection token of the shared cache's `CatalogRedisConfig` (distributed mode; `null`: memory only). */
export const EXECUTION_CATALOG_REDIS = Symbol('ExecutionCatalogRedis');

/**
 * The hot path's view of the catalog: routes and prepared versions from memory,
 * invalidated by the Workflow events this process sees (a subscription to the store
 * from its head: older events are in the catalog already). With a Redis configured,
 * memory misses read Redis, shared by every replica and worker, before PostgreSQL.
 */
@Injectable()
export class ExecutionCatalog implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('execution-catalog');
  private readonly cache: ActiveWorkflowCache<CatalogWorkflowVersion, RunnableVersion>;
  private readonly stopping = new AbortController();
  private subscription: Promise<void> | undefined;
  private readonly database: CatalogLoader;
  /** Set at start-up when a Redis is configured (the client is loaded only then). */
  private redis: Redis | undefined;
  private shared: RedisCatalogLoader | undefined;

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    engine: ExecutionEngine,
    @Optional() @Inject(EXECUTION_CATALOG_REDIS) private readonly redisConfig: CatalogRedisConfig | null = null,
  ) {
    this.database = catalogLoader(db);
    // With a Redis, reads go through the shared layer once start-up has built it.
    const loader: CatalogLoader =
      redisConfig === null
        ? this.database
        : {
            findRoute: (method, path) => (this.shared ?? this.database).findRoute(method, path),
            findVersion: (organizationId, workflowId, version) => (this.shared ?? this.database).findVersion(organizationId, workflowId, version),
            positions: (workflowIds) => (this.shared ?? this.database).positions(workflowIds),
          };
    this.cache = new ActiveWorkflowCache(loader, {
      prepare: (v) => ({
        workflowId: v.workflowId,
        organizationId: v.organizationId,
        version: v.version,
        authorId: v.authorId,
        workflow: engine.prepare(v.workflowId, v.name, v.definition),
      }),
    });
  }

  route(method: string, path: string): Promise<ActiveRoute | undefined> {
    return this.cache.route(method, path);
  }

  version(organizationId: string, workflowId: string, version: number): Promise<RunnableVersion | undefined> {
    return this.cache.version(organizationId, workflowId, version);
  }

  /** The newest version of the organization's workflow (what manual runs, sub-workflows and error workflows run); `undefined` when it has none. */
  async latest(organizationId: string, workflowId: string): Promise<RunnableVersion | undefined> {
    const latest = await latestWorkflowVersion(this.db, organizationId, workflowId).catch(() => undefined);
    return latest === undefined ? undefined : this.version(organizationId, workflowId, latest);
  }

  /** The shared cache's counters (`undefined` without Redis). */
  get sharedStats(): RedisCatalogStats | undefined {
    return this.shared?.stats;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.redisConfig !== null) {
      this.redis = await catalogRedisClient(this.redisConfig);
      this.shared = new RedisCatalogLoader(this.redis, this.database, { keyPrefix: this.redisConfig.keyPrefix, logger: this.logger });
      await this.connectRedis(this.redis);
    }
    const shared = this.shared;
    // Redis first: it records the invalidation synchronously, so a lookup the memory
    // cache starts after this waits until Redis was told of it.
    const invalidator = new CatalogInvalidator({
      invalidate: (workflowId, position) => {
        shared?.invalidate(workflowId, position);
        this.cache.invalidate(workflowId, position);
      },
    });
    const after = await this.store.headPosition();
    // No SQL filter: a filtered read does not move past the events it leaves out, so it
    // would scan every execution event since the last workflow change on each poll.
    const subscription = this.store.subscribeToAll({
      ...(after ? { after } : {}),
      signal: this.stopping.signal,
      onEvent: async (event) => void invalidator.handle(event),
    });
    this.subscription = subscription.done.catch((error: unknown) => {
      if (!this.stopping.signal.aborted) this.logger.error(`catalog invalidation stopped: ${String(error)}; routes are served for at most their TTL`);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.subscription;
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }

  /** Waits up to 2 s for Redis: a Redis that is down does not stop the start (the database answers; the client keeps reconnecting). */
  private async connectRedis(redis: Redis): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const connected = redis.connect().then(
      () => this.logger.log('catalog cache: Redis connected'),
      (error: unknown) => this.logger.warn(`catalog cache: Redis not reachable yet (${String(error)}); reading PostgreSQL meanwhile`),
    );
    await Promise.race([connected, new Promise<void>((resolve) => (timer = setTimeout(resolve, 2_000)))]);
    clearTimeout(timer);
  }
}
