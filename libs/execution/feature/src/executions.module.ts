import { type DynamicModule, Module } from '@nestjs/common';
import { EXECUTION_CONFIG, type ExecutionConfig } from './execution-config.js';
import { ExecutionCatalog } from './executions/execution-catalog.js';
import { ExecutionEngine } from './executions/execution-engine.js';
import { ExecutionRecovery } from './executions/execution-recovery.js';
import { ExecutionRetention } from './executions/execution-retention.js';
import { Executions } from './executions/executions.service.js';
import { ExecutionsController } from './http/executions.controller.js';
import { RunsController } from './http/runs.controller.js';
import { WebhooksController } from './http/webhooks.controller.js';
import { Webhooks } from './http/webhooks.service.js';
import { Scheduler } from './schedules/scheduler.js';

export interface ExecutionsModuleOptions {
  readonly config: ExecutionConfig;
}

/**
 * The execution context in one process: webhook and manual triggers, the in-process
 * workers (fair queue), recovery of unfinished executions, waits, and the executions
 * API. Needs `EVENT_STORE`, `Database`, `RUN_CREDENTIALS` (workflows' credential vault),
 * the `executions` and `execution_catalog` projections and `executionPayloadMigrations`.
 */
@Module({})
export class ExecutionsModule {
  static forRoot({ config }: ExecutionsModuleOptions): DynamicModule {
    return {
      module: ExecutionsModule,
      controllers: [RunsController, ExecutionsController, WebhooksController],
      providers: [{ provide: EXECUTION_CONFIG, useValue: config }, ExecutionEngine, ExecutionCatalog, Executions, Webhooks, ExecutionRecovery, ExecutionRetention, Scheduler],
    };
  }
}
