import { Controller, Delete, HttpCode, HttpStatus, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequestContext, RequirePermission } from '@weft/http';
import { DeleteWorkflowCommand } from './delete-workflow.command.js';

@ApiTags('workflows')
@Controller('api/v1/orgs/:orgId/workflows')
export class DeleteWorkflowController {
  constructor(private readonly commands: CommandBus) {}

  @Delete(':workflowId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission('workflow:write')
  delete(@Param('workflowId') workflowId: string, @OrgAccess() access: OrganizationAccess, @RequestContext() context: CommandContext): Promise<void> {
    return this.commands.execute(new DeleteWorkflowCommand(workflowId, access.role, context));
  }
}
