import { Command } from '@nestjs/cqrs';
import { type AdminActor, type AdminUserView } from '../admin-users/admin-user-view.js';

/** A super admin deactivates `userId`: every credential of the user stops working at once. */
export class DeactivateUserCommand extends Command<AdminUserView> {
  constructor(
    readonly userId: string,
    readonly reason: string | undefined,
    readonly actor: AdminActor,
    readonly requestId: string,
  ) {
    super();
  }
}
