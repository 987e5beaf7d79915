import { type DynamicModule, Module, type Provider, type Type } from '@nestjs/common';
import { HealthModule } from '@weft/http';
import { APPLICATION_BUSES } from '@weft/nest';
import { Database } from '@weft/postgres';
import { CancelExecutionController } from './cancel-execution/cancel-execution.controller.js';
import { CancelExecutionHandler } from './cancel-execution/cancel-execution.handler.js';
import { type CatalogRedisConfig } from './catalog/index.js';
import { EXECUTION_CONFIG, type ExecutionConfig } from './execution-config.js';
import { EXECUTION_CATALOG_REDIS, ExecutionCatalog } from './executions/execution-catalog.js';
import { ExecutionEngine } from './executions/execution-engine.js';
import { ExecutionRecovery } from './executions/execution-recovery.js';
import { ExecutionResumption } from './executions/execution-resumption.js';
import { ExecutionRetention } from './executions/execution-retention-job.js';
import { ExecutionRetries } from './executions/execution-retries.js';
import { ExecutionStates } from './executions/execution-states.js';
import { Executions } from './executions/executions.service.js';
import { FailureFollowUps } from './executions/failure-follow-ups.js';
import { StalledRunScan } from './executions/stalled-run-scan.js';
import { GetExecutionController } from './get-execution/get-execution.controller.js';
import { GetExecutionHandler } from './get-execution/get-execution.handler.js';
import { GetExecutionLogsController } from './get-execution-logs/get-execution-logs.controller.js';
import { GetExecutionLogsHandler } from './get-execution-logs/get-execution-logs.handler.js';
import { GetWorkflowStatsController } from './get-workflow-stats/get-workflow-stats.controller.js';
import { GetWorkflowStatsHandler } from './get-workflow-stats/get-workflow-stats.handler.js';
import { EXECUTION_JOBS, type ExecutionJobsConfig, KafkaExecutionJobs } from './jobs/index.js';
import { ExecutionJobTaker } from './jobs/execution-job-taker.js';
import { ExecutionJobsLifecycle } from './jobs/execution-jobs.lifecycle.js';
import { ListExecutionsController } from './list-executions/list-executions.controller.js';
import { ListExecutionsHandler } from './list-executions/list-executions.handler.js';
import { RetryExecutionController } from './retry-execution/retry-execution.controller.js';
import { RetryExecutionHandler } from './retry-execution/retry-execution.handler.js';
import { RunAllowance } from './executions/run-allowance.js';
import { ExecutionPayloadStore } from './runner/execution-payload-store.js';
import { RunWorkflowController } from './run-workflow/run-workflow.controller.js';
import { RunWorkflowHandler } from './run-workflow/run-workflow.handler.js';
import { Scheduler } from './schedules/scheduler.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';
import { Webhooks } from './webhooks/webhooks.service.js';

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

/** The HTTP use cases (a folder each: command or query, handler, controller, DTO) and the webhook entry. */
const api: { controllers: Type[]; providers: Provider[] } = {
  controllers: [
    RunWorkflowController,
    ListExecutionsController,
    GetExecutionController,
    GetExecutionLogsController,
    CancelExecutionController,
    RetryExecutionController,
    GetWorkflowStatsController,
    WebhooksController,
  ],
  providers: [
    RunWorkflowHandler,
    ListExecutionsHandler,
    GetExecutionHandler,
    GetExecutionLogsHandler,
    CancelExecutionHandler,
    RetryExecutionHandler,
    GetWorkflowStatsHandler,
    Webhooks,
  ],
};

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
    const core: Provider[] = [
      { provide: EXECUTION_CONFIG, useValue: config },
      { provide: ExecutionPayloadStore, useFactory: (db: Database) => new ExecutionPayloadStore(db), inject: [Database] },
      ExecutionEngine,
      ExecutionCatalog,
      ExecutionStates,
      RunAllowance,
      Executions,
      ExecutionRetries,
      FailureFollowUps,
      ExecutionResumption,
    ];
    const running = [ExecutionRecovery, StalledRunScan, ExecutionRetention, Scheduler];
    if (distributed === undefined) {
      return { module: ExecutionsModule, imports: [APPLICATION_BUSES], controllers: api.controllers, providers: [...core, ...api.providers, ...running] };
    }
    const jobs = { provide: EXECUTION_JOBS, useValue: { role: distributed.role, jobs: new KafkaExecutionJobs(distributed.jobs) } };
    // Embedded mode never gets one: `npm start` needs no Redis.
    const cache = { provide: EXECUTION_CATALOG_REDIS, useValue: distributed.cache ?? null };
    const jobProviders = [jobs, cache, ExecutionJobTaker, ExecutionJobsLifecycle];
    return distributed.role === 'service'
      ? {
          module: ExecutionsModule,
          imports: [HealthModule, APPLICATION_BUSES],
          controllers: api.controllers,
          providers: [...core, ...api.providers, ...jobProviders],
        }
      : { module: ExecutionsModule, imports: [HealthModule], providers: [...core, ...running, ...jobProviders] };
  }
}
