import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UserError, tenantMetadata } from '@weft/kernel';
import { USER_DIRECTORY, type UserDirectory } from '@weft/ports';
import { countMembers } from '@weft/read-model-tenancy';
import { invitationNotFound } from '../invitations/invitation-errors.js';
import { PlanRoom } from '../limits/plan-room.js';
import { hashInvitationToken, readInvitationToken } from '../invitations/invitation-token.js';
import { TenancyStreams } from '../streams/tenancy-streams.js';
import { inOrganization, userContextOf } from '../streams/tenant-context.js';
import { type AcceptedInvitation, AcceptInvitationCommand } from './accept-invitation.command.js';

/**
 * The token names its organization, so the Organization stream is loaded directly; the
 * aggregate checks the token's hash, the expiry, single use and that the user's address
 * (identity's, through `USER_DIRECTORY`) is the invited one.
 */
@CommandHandler(AcceptInvitationCommand)
export class AcceptInvitationHandler implements ICommandHandler<AcceptInvitationCommand> {
  constructor(
    private readonly streams: TenancyStreams,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
    private readonly room: PlanRoom,
  ) {}

  async execute({ context, token }: AcceptInvitationCommand): Promise<AcceptedInvitation> {
    const user = userContextOf(context, 'Invitations are accepted by users, not API keys.');
    const ids = readInvitationToken(token);
    if (ids === undefined) throw invitationNotFound();
    const account = (await this.users.usersByIds([user.actor.id])).get(user.actor.id);
    // The access guard let a valid token in; a user identity does not know is not signed in after all.
    if (account === undefined) throw new UserError('unauthorized', 'auth.unauthenticated', 'A valid access token is required.');
    await this.room.requireOneMore(ids.organizationId, 'maxMembers', countMembers);
    const result = await this.streams.organization({
      type: 'AcceptInvitation',
      data: { invitationId: ids.invitationId, tokenHash: hashInvitationToken(token), email: account.email },
      metadata: tenantMetadata(inOrganization(user, ids.organizationId)),
    });
    const role = result.state.status === 'active' ? (result.state.members[user.actor.id]?.role ?? null) : null;
    return { organizationId: ids.organizationId, role };
  }
}
