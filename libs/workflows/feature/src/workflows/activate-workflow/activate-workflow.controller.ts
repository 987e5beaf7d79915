import { Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequestContext, RequirePermission } from '@weft/http';
import { type WorkflowView } from '@weft/read-model-workflows';
import { ActivateWorkflowCommand } from './activate-workflow.command.js';

@ApiTags('workflows')
@Controller('api/v1/orgs/:orgId/workflows')
export class ActivateWorkflowController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':workflowId/activate')
  @HttpCode(HttpStatus.OK)
  @RequirePermission('workflow:write')
  activate(@Param('workflowId') workflowId: string, @OrgAccess() access: OrganizationAccess, @RequestContext() context: CommandContext): Promise<WorkflowView> {
    return this.commands.execute(new ActivateWorkflowCommand(workflowId, access.role, context));
  }
}
