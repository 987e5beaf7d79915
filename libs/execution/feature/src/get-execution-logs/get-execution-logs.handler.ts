import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type Page, UserError, pageLimit } from '@weft/kernel';
import { QueryDatabase, withTenant } from '@weft/postgres';
import { type ExecutionLogEntry, executionLogs } from '@weft/read-model-executions';
import { GetExecutionLogsQuery } from './get-execution-logs.query.js';

/** Reads the execution logs read model as the organization (`withTenant`); 404 when it shows no such execution. */
@QueryHandler(GetExecutionLogsQuery)
export class GetExecutionLogsHandler implements IQueryHandler<GetExecutionLogsQuery> {
  constructor(@Inject(QueryDatabase) private readonly db: QueryDatabase) {}

  async execute({ organizationId, executionId, page }: GetExecutionLogsQuery): Promise<Page<ExecutionLogEntry>> {
    const limit = pageLimit(page.limit);
    const filter = page.level === undefined ? {} : { level: page.level };
    const logs = await withTenant(this.db, organizationId, (tx) => executionLogs(tx, executionId.toLowerCase(), limit, page.cursor, filter));
    if (logs === undefined) throw new UserError('not_found', 'execution.not_found', 'No such execution.');
    return logs;
  }
}
