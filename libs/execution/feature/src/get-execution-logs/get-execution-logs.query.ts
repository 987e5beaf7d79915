import { Query } from '@nestjs/cqrs';
import { type Page } from '@weft/kernel';
import { type ExecutionLogEntry } from '@weft/read-model-executions';

/** One page of an execution's node runs and log lines, in the order they were recorded. */
export class GetExecutionLogsQuery extends Query<Page<ExecutionLogEntry>> {
  constructor(
    readonly organizationId: string,
    readonly executionId: string,
    readonly page: { readonly limit?: string; readonly cursor?: string },
  ) {
    super();
  }
}
