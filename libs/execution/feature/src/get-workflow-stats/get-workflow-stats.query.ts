import { Query } from '@nestjs/cqrs';
import { type ExecutionStats } from '@weft/read-model-executions';

/** The monitoring query: a workflow's runs queued in a window (default the last 24 hours), counted by status, and their durations. */
export class GetWorkflowStatsQuery extends Query<ExecutionStats> {
  constructor(
    readonly organizationId: string,
    readonly workflowId: string,
    readonly window: { readonly from?: string; readonly to?: string },
  ) {
    super();
  }
}
