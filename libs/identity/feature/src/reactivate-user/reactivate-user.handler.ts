import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ReactivateUser, userDecider } from '@weft/identity-domain';
import { type EventStreamStore, handleCommand, actorMetadata } from '@weft/kernel';
import { EVENT_STORE, ReadYourWrites } from '@weft/nest';
import { Database } from '@weft/postgres';
import { USERS_PROJECTION } from '@weft/read-model-users';
import { type AdminUserView, adminActorOf, requireAdminUserView, targetUserId } from '../admin-users/admin-user-view.js';
import { userStreamId } from '../streams/identity-streams.js';
import { ReactivateUserCommand } from './reactivate-user.command.js';

/**
 * Super admins only (the User decider checks); a `userId` that is not a uuid names
 * nobody (404). The user may log in again, and the API
 * keys they created work again (they were refused, not revoked); the sessions the
 * deactivation revoked stay revoked, and access tokens issued before this reactivation
 * stay refused (the read model's `reactivated_at`).
 */
@CommandHandler(ReactivateUserCommand)
export class ReactivateUserHandler implements ICommandHandler<ReactivateUserCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    @Inject(Database) private readonly db: Database,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ userId: target, principal, context }: ReactivateUserCommand): Promise<AdminUserView> {
    const userId = targetUserId(target);
    const actor = adminActorOf(principal);
    const metadata = actorMetadata(context);
    const command: ReactivateUser = { type: 'ReactivateUser', data: { actorPlatformRole: actor.platformRole }, metadata };
    const streamId = userStreamId(userId);
    const result = await handleCommand({ store: this.store, streamId, decider: userDecider, command });
    await this.readYourWrites.waitFor({ streamId, streamVersion: result.streamVersion }, [USERS_PROJECTION]);
    return requireAdminUserView(this.db, userId);
  }
}
