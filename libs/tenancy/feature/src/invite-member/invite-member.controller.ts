import { Body, Controller, Header, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext, tenantContextOf } from '@weft/kernel';
import { RequestContext, RequirePermission } from '@weft/http';
import { type IssuedInvitation, InviteMemberCommand } from './invite-member.command.js';
import { InviteMemberDto } from './invite-member.dto.js';

@ApiTags('members')
@Controller('api/v1')
export class InviteMemberController {
  constructor(private readonly commands: CommandBus) {}

  /** The token is in the answer once (for the inviter to pass on): never cached. */
  @Post('orgs/:orgId/invitations')
  @HttpCode(HttpStatus.CREATED)
  @Header('Cache-Control', 'no-store')
  @RequirePermission('member:manage')
  invite(@Body() body: InviteMemberDto, @RequestContext() context: CommandContext): Promise<IssuedInvitation> {
    return this.commands.execute(new InviteMemberCommand(tenantContextOf(context), body));
  }
}
