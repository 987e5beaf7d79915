export * from './catalog/index.js';
export { ExecutionsModule, type ExecutionsModuleOptions } from './executions.module.js';
export { type ExecutionConfig, loadExecutionConfig, loadExecutionJobsConfig } from './execution-config.js';
export { type ExecutionJob, type ExecutionJobsConfig } from './jobs/index.js';
export { executionPayloadMigrations } from './runner/execution-payload-store.js';
export { scheduleStateMigrations } from './schedules/schedule-state.js';
export { executionWorkerMigrations } from './executions/execution-workers.js';
export { executionRuntimeMigrations } from './execution-migrations.js';
export { type RetentionReport, applyExecutionRetention } from './executions/execution-retention.js';
