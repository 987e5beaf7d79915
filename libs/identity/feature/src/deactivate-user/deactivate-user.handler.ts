import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type DeactivateUser, userDecider } from '@weft/identity-domain';
import { type EventStreamStore, handleCommand, actorMetadata } from '@weft/kernel';
import { EVENT_STORE, ReadYourWrites } from '@weft/nest';
import { Database } from '@weft/postgres';
import { USERS_PROJECTION } from '@weft/read-model-users';
import { type AdminUserView, adminActorOf, requireAdminUserView, targetUserId } from '../admin-users/admin-user-view.js';
import { AuthSessions } from '../session/auth-sessions.js';
import { userStreamId } from '../streams/identity-streams.js';
import { DeactivateUserCommand } from './deactivate-user.command.js';

/**
 * A `userId` that is not a uuid names nobody (404). The User decider refuses anyone but
 * a super admin (the platform role the access check found), and a super admin on themself;
 * then every session of the user is revoked, and the answer waits until the `users` read
 * model shows the account inactive: from there on the bearer-token check and the API-key
 * lookup (both read it per request) refuse the user's access tokens and keys, and login
 * and refresh refuse the account from its User stream.
 */
@CommandHandler(DeactivateUserCommand)
export class DeactivateUserHandler implements ICommandHandler<DeactivateUserCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    @Inject(Database) private readonly db: Database,
    private readonly sessions: AuthSessions,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ userId: target, reason, principal, context }: DeactivateUserCommand): Promise<AdminUserView> {
    const userId = targetUserId(target);
    const actor = adminActorOf(principal);
    const now = new Date();
    const metadata = actorMetadata(context, now);
    const command: DeactivateUser = { type: 'DeactivateUser', data: { reason: reason ?? null, actorPlatformRole: actor.platformRole }, metadata };
    const streamId = userStreamId(userId);
    const result = await handleCommand({ store: this.store, streamId, decider: userDecider, command });
    // Also when this repeats a deactivation: ends any session a crash between the two steps left open.
    await this.sessions.revokeAll(userId, 'user_deactivated', context, now);
    await this.readYourWrites.waitFor({ streamId, streamVersion: result.streamVersion }, [USERS_PROJECTION]);
    return requireAdminUserView(this.db, userId);
  }
}
