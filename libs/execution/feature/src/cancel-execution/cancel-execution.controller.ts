import { Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequestContext, RequirePermission } from '@weft/http';
import { CancelExecutionCommand } from './cancel-execution.command.js';

@ApiTags('executions')
@Controller('api/v1/orgs/:orgId')
export class CancelExecutionController {
  constructor(private readonly commands: CommandBus) {}

  @Post('executions/:executionId/cancel')
  @HttpCode(HttpStatus.OK)
  @RequirePermission('workflow:execute')
  cancel(
    @Param('executionId') executionId: string,
    @OrgAccess() access: OrganizationAccess,
    @RequestContext() context: CommandContext,
  ): Promise<{ executionId: string; status: 'canceled' }> {
    return this.commands.execute(new CancelExecutionCommand(access, context, executionId));
  }
}
