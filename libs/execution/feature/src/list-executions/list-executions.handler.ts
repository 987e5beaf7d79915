import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type Page, pageLimit } from '@weft/kernel';
import { QueryDatabase, withTenant } from '@weft/postgres';
import { type ExecutionFilter, type ExecutionSummary, listExecutions } from '@weft/read-model-executions';
import { ListExecutionsQuery } from './list-executions.query.js';

/** Reads the executions read model (or its archive) as the organization (`withTenant`). */
@QueryHandler(ListExecutionsQuery)
export class ListExecutionsHandler implements IQueryHandler<ListExecutionsQuery> {
  constructor(@Inject(QueryDatabase) private readonly db: QueryDatabase) {}

  async execute({ organizationId, request }: ListExecutionsQuery): Promise<Page<ExecutionSummary>> {
    const filter: ExecutionFilter = {
      ...(request.workflowId ? { workflowId: request.workflowId.toLowerCase() } : {}),
      ...(request.status ? { status: request.status } : {}),
      ...(request.mode ? { mode: request.mode } : {}),
      ...(request.from ? { from: request.from } : {}),
      ...(request.to ? { to: request.to } : {}),
      archived: request.archived === 'true',
    };
    const limit = pageLimit(request.limit);
    return withTenant(this.db, organizationId, (tx) => listExecutions(tx, filter, limit, request.cursor));
  }
}
