import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequestContext, RequirePermission } from '@weft/http';
import { type WorkflowView } from '@weft/read-model-workflows';
import { CreateWorkflowCommand } from './create-workflow.command.js';
import { CreateWorkflowDto } from './create-workflow.dto.js';

@ApiTags('workflows')
@Controller('api/v1/orgs/:orgId/workflows')
export class CreateWorkflowController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @RequirePermission('workflow:write')
  create(@Body() body: CreateWorkflowDto, @OrgAccess() access: OrganizationAccess, @RequestContext() context: CommandContext): Promise<WorkflowView> {
    return this.commands.execute(new CreateWorkflowCommand(body, access.role, context));
  }
}
