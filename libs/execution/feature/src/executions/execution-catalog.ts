import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type WorkflowDefinition } from '@weft/engine-core';
import { type EventStore } from '@weft/eventstore';
import { EVENT_STORE } from '@weft/nest';
import { Database } from '@weft/postgres';
import { type ActiveRoute, ActiveWorkflowCache, CatalogInvalidator, type CatalogWorkflowVersion, catalogLoader } from '../catalog/index.js';
import { ExecutionEngine } from './execution-engine.js';

/** A version ready to run: its engine graph and whose workflow it is. */
export interface RunnableVersion {
  readonly workflowId: string;
  readonly organizationId: string;
  readonly version: number;
  readonly ownerId: string;
  readonly workflow: WorkflowDefinition;
}

/**
 * The hot path's view of the catalog: routes and prepared versions from memory,
 * invalidated by the Workflow events this process sees (a subscription to the store
 * from its head: older events are in the catalog already).
 */
@Injectable()
export class ExecutionCatalog implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('execution-catalog');
  private readonly cache: ActiveWorkflowCache<CatalogWorkflowVersion, RunnableVersion>;
  private readonly stopping = new AbortController();
  private subscription: Promise<void> | undefined;

  constructor(
    @Inject(Database) db: Database,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    engine: ExecutionEngine,
  ) {
    this.cache = new ActiveWorkflowCache(catalogLoader(db), {
      prepare: (v) => ({ workflowId: v.workflowId, organizationId: v.organizationId, version: v.version, ownerId: v.ownerId, workflow: engine.prepare(v.workflowId, v.name, v.definition) }),
    });
  }

  route(method: string, path: string): Promise<ActiveRoute | undefined> {
    return this.cache.route(method, path);
  }

  version(organizationId: string, workflowId: string, version: number): Promise<RunnableVersion | undefined> {
    return this.cache.version(organizationId, workflowId, version);
  }

  async onApplicationBootstrap(): Promise<void> {
    const invalidator = new CatalogInvalidator(this.cache);
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
  }
}
