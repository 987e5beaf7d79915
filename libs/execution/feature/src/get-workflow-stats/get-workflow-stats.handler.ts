import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Database, withTenant } from '@weft/postgres';
import { type ExecutionStats, executionStats } from '@weft/read-model-executions';
import { GetWorkflowStatsQuery } from './get-workflow-stats.query.js';

const DAY_MS = 86_400_000;

/** Reads the executions read model as the organization (`withTenant`): one scan of the window's partitions. */
@QueryHandler(GetWorkflowStatsQuery)
export class GetWorkflowStatsHandler implements IQueryHandler<GetWorkflowStatsQuery> {
  constructor(@Inject(Database) private readonly db: Database) {}

  execute({ organizationId, workflowId, window }: GetWorkflowStatsQuery): Promise<ExecutionStats> {
    const to = window.to ?? new Date().toISOString();
    const from = window.from ?? new Date(Date.parse(to) - DAY_MS).toISOString();
    return withTenant(this.db, organizationId, (tx) => executionStats(tx, { workflowId: workflowId.toLowerCase(), from, to }));
  }
}
