import { Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequestContext, RequirePermission } from '@weft/http';
import { type RetryAccepted, RetryExecutionCommand } from './retry-execution.command.js';

@ApiTags('executions')
@Controller('api/v1/orgs/:orgId')
export class RetryExecutionController {
  constructor(private readonly commands: CommandBus) {}

  @Post('executions/:executionId/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermission('workflow:execute')
  retry(@Param('executionId') executionId: string, @OrgAccess() access: OrganizationAccess, @RequestContext() context: CommandContext): Promise<RetryAccepted> {
    return this.commands.execute(new RetryExecutionCommand(access, context, executionId));
  }
}
