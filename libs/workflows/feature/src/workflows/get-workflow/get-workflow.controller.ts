import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { OrgAccess, type OrganizationAccess, RequirePermission } from '@weft/http';
import { type WorkflowView } from '@weft/read-model-workflows';
import { GetWorkflowQuery } from './get-workflow.query.js';

@ApiTags('workflows')
@Controller('api/v1/orgs/:orgId/workflows')
export class GetWorkflowController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':workflowId')
  @RequirePermission('workflow:read')
  get(@Param('workflowId') workflowId: string, @OrgAccess() access: OrganizationAccess): Promise<WorkflowView> {
    return this.queries.execute(new GetWorkflowQuery(access.organizationId, workflowId));
  }
}
