import { Command } from '@nestjs/cqrs';
import { type CommandContext } from '@weft/kernel';
import { type AuthResponse } from '../session/auth-response.js';

/** Spend a refresh token for a new pair. A public route: the token's user is the actor. */
export class RefreshTokensCommand extends Command<AuthResponse> {
  constructor(
    readonly refreshToken: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
