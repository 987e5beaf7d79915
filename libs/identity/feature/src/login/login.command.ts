import { Command } from '@nestjs/cqrs';
import { type CommandContext } from '@weft/kernel';
import { type AuthResponse } from '../session/auth-response.js';

/**
 * Password login (the throttle counts failures per email and per client address, the
 * context's `clientIp`). A public route: the user is the actor once the password proved them.
 */
export class LoginCommand extends Command<AuthResponse> {
  constructor(
    readonly input: { readonly email: string; readonly password: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}
