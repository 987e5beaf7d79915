import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UserError, asUser } from '@weft/kernel';
import { type AuthResponse, authResponse } from '../session/auth-response.js';
import { AuthSessions } from '../session/auth-sessions.js';
import { UserAccounts } from '../streams/user-accounts.js';
import { RefreshTokensCommand } from './refresh.command.js';

/**
 * Rotates the presented token within its family. Two refreshes racing with one token
 * are serialised by the family stream's version: the first rotates, the second sees a
 * spent token, which revokes the family (see docs/identity-tenancy.md).
 */
@CommandHandler(RefreshTokensCommand)
export class RefreshTokensHandler implements ICommandHandler<RefreshTokensCommand> {
  constructor(
    private readonly sessions: AuthSessions,
    private readonly accounts: UserAccounts,
  ) {}

  async execute({ refreshToken, context }: RefreshTokensCommand): Promise<AuthResponse> {
    const now = new Date();
    const rotated = await this.sessions.rotate(refreshToken, context, now);
    const user = await this.accounts.load(rotated.userId);
    if (user === undefined || user.status !== 'active') {
      await this.sessions.revoke(rotated.familyId, asUser(context, rotated.userId), now);
      throw new UserError('unauthorized', 'auth.refresh_token_invalid', 'The refresh token is not valid.');
    }
    return authResponse(user, this.sessions.tokens(user, rotated.familyId, rotated.refreshToken, rotated.streamVersion));
  }
}
