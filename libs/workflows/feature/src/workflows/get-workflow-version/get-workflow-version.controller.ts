import { Controller, Get, Param, ParseIntPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { OrgAccess, type OrganizationAccess, RequirePermission } from '@weft/http';
import { type WorkflowVersionView } from '@weft/read-model-workflows';
import { GetWorkflowVersionQuery } from './get-workflow-version.query.js';

@ApiTags('workflows')
@Controller('api/v1/orgs/:orgId/workflows')
export class GetWorkflowVersionController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':workflowId/versions/:version')
  @RequirePermission('workflow:read')
  version(
    @Param('workflowId') workflowId: string,
    @Param('version', ParseIntPipe) version: number,
    @OrgAccess() access: OrganizationAccess,
  ): Promise<WorkflowVersionView> {
    return this.queries.execute(new GetWorkflowVersionQuery(access.organizationId, workflowId, version));
  }
}
