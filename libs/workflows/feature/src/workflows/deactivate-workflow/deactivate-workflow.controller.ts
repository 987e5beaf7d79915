import { Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequestContext, RequirePermission } from '@weft/http';
import { type WorkflowView } from '@weft/read-model-workflows';
import { DeactivateWorkflowCommand } from './deactivate-workflow.command.js';

@ApiTags('workflows')
@Controller('api/v1/orgs/:orgId/workflows')
export class DeactivateWorkflowController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':workflowId/deactivate')
  @HttpCode(HttpStatus.OK)
  @RequirePermission('workflow:write')
  deactivate(
    @Param('workflowId') workflowId: string,
    @OrgAccess() access: OrganizationAccess,
    @RequestContext() context: CommandContext,
  ): Promise<WorkflowView> {
    return this.commands.execute(new DeactivateWorkflowCommand(workflowId, access.role, context));
  }
}
