import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UserError } from '@weft/kernel';
import { QueryDatabase, withTenant } from '@weft/postgres';
import { findExecution } from '@weft/read-model-executions';
import { type ExecutionApiView, apiView } from './execution-api-view.js';
import { GetExecutionQuery } from './get-execution.query.js';

/** Reads the executions read model (or, `archived`, its archive) as the organization (`withTenant`); 404 when it shows no such execution. */
@QueryHandler(GetExecutionQuery)
export class GetExecutionHandler implements IQueryHandler<GetExecutionQuery> {
  constructor(@Inject(QueryDatabase) private readonly db: QueryDatabase) {}

  async execute({ organizationId, executionId, archived }: GetExecutionQuery): Promise<ExecutionApiView> {
    const execution = await withTenant(this.db, organizationId, (tx) => findExecution(tx, executionId.toLowerCase(), archived));
    if (execution === undefined) throw new UserError('not_found', 'execution.not_found', archived ? 'No such execution in the archive.' : 'No such execution.');
    return apiView(execution);
  }
}
