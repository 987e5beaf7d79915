import { Command } from '@nestjs/cqrs';
import { type AuthResponse } from '../session/auth-response.js';

/** Password login from `ip` (the throttle counts failures per email and per address). */
export class LoginCommand extends Command<AuthResponse> {
  constructor(
    readonly input: { readonly email: string; readonly password: string },
    readonly ip: string,
    readonly requestId: string,
  ) {
    super();
  }
}
