import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type Page } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequirePermission } from '@weft/http';
import { type ExecutionSummary } from '@weft/read-model-executions';
import { ListExecutionsQueryDto } from './list-executions.dto.js';
import { ListExecutionsQuery } from './list-executions.query.js';

@ApiTags('executions')
@Controller('api/v1/orgs/:orgId')
export class ListExecutionsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('executions')
  @RequirePermission('workflow:read')
  list(@OrgAccess() access: OrganizationAccess, @Query() query: ListExecutionsQueryDto): Promise<Page<ExecutionSummary>> {
    return this.queries.execute(new ListExecutionsQuery(access.organizationId, query));
  }
}
