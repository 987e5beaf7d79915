import { Command } from '@nestjs/cqrs';
import { type AdminActor, type AdminUserView } from '../admin-users/admin-user-view.js';

/** A super admin reactivates `userId`: login works again; old sessions stay revoked. */
export class ReactivateUserCommand extends Command<AdminUserView> {
  constructor(
    readonly userId: string,
    readonly actor: AdminActor,
    readonly requestId: string,
  ) {
    super();
  }
}
