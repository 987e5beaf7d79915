import { Controller, Delete, HttpCode, HttpStatus, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext, tenantContextOf } from '@weft/kernel';
import { RequestContext, RequirePermission } from '@weft/http';
import { RemoveMemberCommand } from './remove-member.command.js';

@ApiTags('members')
@Controller('api/v1')
export class RemoveMemberController {
  constructor(private readonly commands: CommandBus) {}

  /** Every member may reach it (to leave); the aggregate decides who may remove whom. */
  @Delete('orgs/:orgId/members/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission('member:read')
  remove(@Param('userId') userId: string, @RequestContext() context: CommandContext): Promise<void> {
    return this.commands.execute(new RemoveMemberCommand(tenantContextOf(context), userId));
  }
}
