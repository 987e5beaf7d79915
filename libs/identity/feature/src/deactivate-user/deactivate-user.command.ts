import { Command } from '@nestjs/cqrs';
import { type CommandContext } from '@weft/kernel';
import { type Principal } from '@weft/http';
import { type AdminUserView } from '../admin-users/admin-user-view.js';

/**
 * A super admin deactivates `userId` (the route's parameter, as given): every credential
 * of the user stops working at once. `principal` is whom the access guard let through.
 */
export class DeactivateUserCommand extends Command<AdminUserView> {
  constructor(
    readonly userId: string,
    readonly reason: string | undefined,
    readonly principal: Principal,
    readonly context: CommandContext,
  ) {
    super();
  }
}
