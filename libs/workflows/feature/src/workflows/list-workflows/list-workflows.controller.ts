import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type Page, pageLimit } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequirePermission } from '@weft/http';
import { type WorkflowFilter, type WorkflowSummary } from '@weft/read-model-workflows';
import { ListWorkflowsQueryDto } from './list-workflows.dto.js';
import { ListWorkflowsQuery } from './list-workflows.query.js';

@ApiTags('workflows')
@Controller('api/v1/orgs/:orgId/workflows')
export class ListWorkflowsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequirePermission('workflow:read')
  list(@OrgAccess() access: OrganizationAccess, @Query() query: ListWorkflowsQueryDto): Promise<Page<WorkflowSummary>> {
    const filter: WorkflowFilter = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.tag ? { tag: query.tag } : {}),
      ...(query.teamId ? { teamId: query.teamId } : {}),
      ...(query.q ? { q: query.q } : {}),
      ...(query.isTemplate ? { isTemplate: query.isTemplate === 'true' } : {}),
    };
    return this.queries.execute(new ListWorkflowsQuery(access.organizationId, filter, pageLimit(query.limit), query.cursor));
  }
}
