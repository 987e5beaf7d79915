import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequestContext, RequirePermission } from '@weft/http';
import { type WorkflowView } from '@weft/read-model-workflows';
import { PublishWorkflowCommand } from './publish-workflow.command.js';
import { VersionedCommandDto } from './publish-workflow.dto.js';

@ApiTags('workflows')
@Controller('api/v1/orgs/:orgId/workflows')
export class PublishWorkflowController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':workflowId/publish')
  @HttpCode(HttpStatus.OK)
  @RequirePermission('workflow:write')
  publish(
    @Param('workflowId') workflowId: string,
    @Body() body: VersionedCommandDto,
    @OrgAccess() access: OrganizationAccess,
    @RequestContext() context: CommandContext,
  ): Promise<WorkflowView> {
    // The body is optional: without one, the current version is published.
    return this.commands.execute(new PublishWorkflowCommand(workflowId, body?.expectedVersion, access.role, context));
  }
}
