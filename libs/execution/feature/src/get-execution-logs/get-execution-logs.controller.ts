import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type Page } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequirePermission } from '@weft/http';
import { type ExecutionLogEntry } from '@weft/read-model-executions';
import { GetExecutionLogsQueryDto } from './get-execution-logs.dto.js';
import { GetExecutionLogsQuery } from './get-execution-logs.query.js';

@ApiTags('executions')
@Controller('api/v1/orgs/:orgId')
export class GetExecutionLogsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('executions/:executionId/logs')
  @RequirePermission('workflow:read')
  logs(
    @Param('executionId') executionId: string,
    @OrgAccess() access: OrganizationAccess,
    @Query() query: GetExecutionLogsQueryDto,
  ): Promise<Page<ExecutionLogEntry>> {
    return this.queries.execute(new GetExecutionLogsQuery(access.organizationId, executionId, query));
  }
}
