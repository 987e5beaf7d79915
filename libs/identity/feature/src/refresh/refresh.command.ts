import { Command } from '@nestjs/cqrs';
import { type AuthResponse } from '../session/auth-response.js';

/** Spend a refresh token for a new pair. */
export class RefreshTokensCommand extends Command<AuthResponse> {
  constructor(
    readonly refreshToken: string,
    readonly requestId: string,
  ) {
    super();
  }
}
