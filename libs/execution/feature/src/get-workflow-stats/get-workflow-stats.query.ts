import { Query } from '@nestjs/cqrs';
import { type ExecutionStats } from '@weft/read-model-executions';
import { type StatsWindowQuery } from './stats-window.js';

/**
 * The monitoring query: a workflow's runs queued in a window (`since` up to now, or
 * `from`/`to`, default the last 24 hours), counted by their status now, and the
 * durations of the finished ones.
 */
export class GetWorkflowStatsQuery extends Query<ExecutionStats> {
  constructor(
    readonly organizationId: string,
    readonly workflowId: string,
    readonly window: StatsWindowQuery,
  ) {
    super();
  }
}
