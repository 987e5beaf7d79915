import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { isUuid, tenantMetadata } from '@weft/kernel';
import { invitationNotFound } from '../invitations/invitation-errors.js';
import { TenancyStreams } from '../streams/tenancy-streams.js';
import { RevokeInvitationCommand } from './revoke-invitation.command.js';

@CommandHandler(RevokeInvitationCommand)
export class RevokeInvitationHandler implements ICommandHandler<RevokeInvitationCommand> {
  constructor(private readonly streams: TenancyStreams) {}

  async execute({ context, invitationId }: RevokeInvitationCommand): Promise<void> {
    if (!isUuid(invitationId)) throw invitationNotFound();
    await this.streams.organization({ type: 'RevokeInvitation', data: { invitationId: invitationId.toLowerCase() }, metadata: tenantMetadata(context) });
  }
}
