import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type Page, pageLimit } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, PageQueryDto, RequirePermission } from '@weft/http';
import { type WorkflowVersionView } from '@weft/read-model-workflows';
import { ListWorkflowVersionsQuery } from './list-workflow-versions.query.js';

@ApiTags('workflows')
@Controller('api/v1/orgs/:orgId/workflows')
export class ListWorkflowVersionsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':workflowId/versions')
  @RequirePermission('workflow:read')
  versions(@Param('workflowId') workflowId: string, @OrgAccess() access: OrganizationAccess, @Query() query: PageQueryDto): Promise<Page<WorkflowVersionView>> {
    return this.queries.execute(new ListWorkflowVersionsQuery(access.organizationId, workflowId, pageLimit(query.limit), query.cursor));
  }
}
