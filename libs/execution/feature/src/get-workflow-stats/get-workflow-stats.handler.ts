import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UserError } from '@weft/kernel';
import { QueryDatabase, withTenant } from '@weft/postgres';
import { type ExecutionStats, executionStats } from '@weft/read-model-executions';
import { GetWorkflowStatsQuery } from './get-workflow-stats.query.js';
import { statsWindow } from './stats-window.js';

/** PostgreSQL's invalid_datetime_format and datetime_field_overflow: an ISO 8601 form the database does not read (`2026-06`, a week date). */
const isDateTimeRefusal = (error: unknown) =>
  typeof error === 'object' && error !== null && ['22007', '22008'].includes(String((error as { code?: unknown }).code));

/**
 * Reads the executions read model as the organization (`withTenant`): whole days from
 * the daily rollup, the partial first and last day and the unfinished runs from
 * `executions` (`executionStats`).
 */
@QueryHandler(GetWorkflowStatsQuery)
export class GetWorkflowStatsHandler implements IQueryHandler<GetWorkflowStatsQuery> {
  constructor(@Inject(QueryDatabase) private readonly db: QueryDatabase) {}

  async execute({ organizationId, workflowId, window }: GetWorkflowStatsQuery): Promise<ExecutionStats> {
    const { from, to } = statsWindow(window, new Date());
    try {
      return await withTenant(this.db, organizationId, (tx) => executionStats(tx, { workflowId: workflowId.toLowerCase(), from, to }));
    } catch (error) {
      if (!isDateTimeRefusal(error)) throw error;
      const errors = (['from', 'to'] as const)
        .filter((field) => window[field] !== undefined)
        .map((field) => ({ field, message: `${field} must be a date-time such as 2026-06-01T10:00:00Z` }));
      throw new UserError('validation', 'stats.window_invalid', 'from and to must be date-times such as 2026-06-01T10:00:00Z.', { errors });
    }
  }
}
