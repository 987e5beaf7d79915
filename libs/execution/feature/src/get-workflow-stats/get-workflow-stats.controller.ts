import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { OrgAccess, type OrganizationAccess, RequirePermission } from '@weft/http';
import { type ExecutionStats } from '@weft/read-model-executions';
import { StatsQueryDto } from './get-workflow-stats.dto.js';
import { GetWorkflowStatsQuery } from './get-workflow-stats.query.js';

@ApiTags('executions')
@Controller('api/v1/orgs/:orgId')
export class GetWorkflowStatsController {
  constructor(private readonly queries: QueryBus) {}

  /** The monitoring query: totals, success rate, average/min/max duration over a window (`since`, or `from`/`to`). */
  @Get('workflows/:workflowId/stats')
  @RequirePermission('workflow:read')
  stats(@Param('workflowId') workflowId: string, @OrgAccess() access: OrganizationAccess, @Query() query: StatsQueryDto): Promise<ExecutionStats> {
    return this.queries.execute(new GetWorkflowStatsQuery(access.organizationId, workflowId, query));
  }
}
