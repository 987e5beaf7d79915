import { Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext } from '@weft/kernel';
import { Authenticated, RequestContext } from '@weft/http';
import { type AcceptedInvitation, AcceptInvitationCommand } from './accept-invitation.command.js';

@ApiTags('members')
@Controller('api/v1')
export class AcceptInvitationController {
  constructor(private readonly commands: CommandBus) {}

  /** By the invited user, signed in with the invited email address; the token is the whole authority. */
  @Post('invitations/:token/accept')
  @Authenticated()
  accept(@Param('token') token: string, @RequestContext() context: CommandContext): Promise<AcceptedInvitation> {
    return this.commands.execute(new AcceptInvitationCommand(context, token));
  }
}
