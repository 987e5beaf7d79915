import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequestContext, RequirePermission } from '@weft/http';
import { type WorkflowView } from '@weft/read-model-workflows';
import { UpdateWorkflowCommand } from './update-workflow.command.js';
import { UpdateWorkflowDto } from './update-workflow.dto.js';

@ApiTags('workflows')
@Controller('api/v1/orgs/:orgId/workflows')
export class UpdateWorkflowController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':workflowId')
  @RequirePermission('workflow:write')
  update(
    @Param('workflowId') workflowId: string,
    @Body() body: UpdateWorkflowDto,
    @OrgAccess() access: OrganizationAccess,
    @RequestContext() context: CommandContext,
  ): Promise<WorkflowView> {
    return this.commands.execute(new UpdateWorkflowCommand(workflowId, body, access.role, context));
  }
}
