import { type DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '@weft/nest';
import { EXECUTION_CONFIG, type ExecutionConfig } from './execution-config.js';
import { type CatalogRedisConfig } from './catalog/index.js';
import { EXECUTION_CATALOG_REDIS, ExecutionCatalog } from './executions/execution-catalog.js';
import { ExecutionEngine } from './executions/execution-engine.js';
import { ExecutionRecovery } from './executions/execution-recovery.js';
import { ExecutionRetention } from './executions/execution-retention.js';
import { ExecutionWatchdog } from './executions/execution-watchdog.js';
import { Executions } from './executions/executions.service.js';
import { ExecutionsController } from './http/executions.controller.js';
import { RunsController } from './http/runs.controller.js';
import { WebhooksController } from './http/webhooks.controller.js';
import { Webhooks } from './http/webhooks.service.js';
import { EXECUTION_JOBS, type ExecutionJobsConfig, KafkaExecutionJobs } from './jobs/index.js';
import { ExecutionJobsLifecycle } from './jobs/execution-jobs.lifecycle.js';
import { Scheduler } from './schedules/scheduler.js';

export interface ExecutionsModuleOptions {
  readonly config: ExecutionConfig;
  /**
   * Distributed: `service` serves the API and hands runs to the workers over Kafka;
   * `worker` takes them and also runs recovery, waits, schedules and retention.
   * Absent: both in this process, in-process (the embedded platform).
   */
  readonly distributed?: {
    readonly role: 'service' | 'worker';
    readonly jobs: ExecutionJobsConfig;
    /** The Redis every process shares the catalog cache in (`REDIS_URL`); absent: each process caches in memory only. */
    readonly cache?: CatalogRedisConfig;
  };
}

/**
 * The execution context: webhook and manual triggers, the workers (fair queue),
 * recovery of unfinished executions, waits, schedules, retention and the executions
 * API, in one process or split between the execution service and the worker app. Needs `EVENT_STORE`, `Database`, `RUN_CREDENTIALS` (workflows' credential vault),
 * the `executions` and `execution_catalog` projections and `executionPayloadMigrations`; where retention runs (embedded,
 * the worker) also `ORGANIZATION_RETENTION` (tenancy's `TenancyModule` / `TenancyPortsModule`).
 */
@Module({})
export class ExecutionsModule {
  static forRoot({ config, distributed }: ExecutionsModuleOptions): DynamicModule {
    const core = [{ provide: EXECUTION_CONFIG, useValue: config }, ExecutionEngine, ExecutionCatalog, Executions];
    const running = [ExecutionRecovery, ExecutionWatchdog, ExecutionRetention, Scheduler];
    if (distributed === undefined) {
      return { module: ExecutionsModule, controllers: [RunsController, ExecutionsController, WebhooksController], providers: [...core, Webhooks, ...running] };
    }
    const jobs = { provide: EXECUTION_JOBS, useValue: { role: distributed.role, jobs: new KafkaExecutionJobs(distributed.jobs) } };
    // Embedded mode never gets one: `npm start` needs no Redis.
    const cache = { provide: EXECUTION_CATALOG_REDIS, useValue: distributed.cache ?? null };
    return distributed.role === 'service'
      ? { module: ExecutionsModule, imports: [HealthModule], controllers: [RunsController, ExecutionsController, WebhooksController], providers: [...core, Webhooks, jobs, cache, ExecutionJobsLifecycle] }
      : { module: ExecutionsModule, imports: [HealthModule], providers: [...core, ...running, jobs, cache, ExecutionJobsLifecycle] };
  }
}
