import { Controller, Delete, HttpCode, HttpStatus, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext, tenantContextOf } from '@weft/kernel';
import { RequestContext, RequirePermission } from '@weft/http';
import { RevokeInvitationCommand } from './revoke-invitation.command.js';

@ApiTags('members')
@Controller('api/v1')
export class RevokeInvitationController {
  constructor(private readonly commands: CommandBus) {}

  @Delete('orgs/:orgId/invitations/:invitationId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission('member:manage')
  revoke(@Param('invitationId') invitationId: string, @RequestContext() context: CommandContext): Promise<void> {
    return this.commands.execute(new RevokeInvitationCommand(tenantContextOf(context), invitationId));
  }
}
