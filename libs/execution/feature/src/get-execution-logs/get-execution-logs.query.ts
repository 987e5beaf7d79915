import { Query } from '@nestjs/cqrs';
import { type Page } from '@weft/kernel';
import { type ExecutionLogEntry, type LogLevel } from '@weft/read-model-executions';

/** One page of an execution's node runs and log lines, in the order they were recorded; from `level` up when given. */
export class GetExecutionLogsQuery extends Query<Page<ExecutionLogEntry>> {
  constructor(
    readonly organizationId: string,
    readonly executionId: string,
    readonly page: { readonly limit?: string; readonly cursor?: string; readonly level?: LogLevel },
  ) {
    super();
  }
}
