import { Command } from '@nestjs/cqrs';
import { type CommandContext } from '@weft/kernel';
import { type Principal } from '@weft/http';
import { type AdminUserView } from '../admin-users/admin-user-view.js';

/**
 * A super admin reactivates `userId` (the route's parameter, as given): login works
 * again; old sessions stay revoked. `principal` is whom the access guard let through.
 */
export class ReactivateUserCommand extends Command<AdminUserView> {
  constructor(
    readonly userId: string,
    readonly principal: Principal,
    readonly context: CommandContext,
  ) {
    super();
  }
}
