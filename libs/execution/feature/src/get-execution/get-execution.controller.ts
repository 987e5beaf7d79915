import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { OrgAccess, type OrganizationAccess, RequirePermission } from '@weft/http';
import { type ExecutionApiView } from './execution-api-view.js';
import { GetExecutionQueryDto } from './get-execution.dto.js';
import { GetExecutionQuery } from './get-execution.query.js';

@ApiTags('executions')
@Controller('api/v1/orgs/:orgId')
export class GetExecutionController {
  constructor(private readonly queries: QueryBus) {}

  @Get('executions/:executionId')
  @RequirePermission('workflow:read')
  get(@Param('executionId') executionId: string, @OrgAccess() access: OrganizationAccess, @Query() query: GetExecutionQueryDto): Promise<ExecutionApiView> {
    return this.queries.execute(new GetExecutionQuery(access.organizationId, executionId, query.archived === 'true'));
  }
}
