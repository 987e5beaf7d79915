import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UserError, asUser } from '@weft/kernel';
import { AccessTokens } from '../security/index.js';
import { AuthSessions } from '../session/auth-sessions.js';
import { LogoutCommand } from './logout.command.js';

/**
 * Revokes the session's refresh-token family. Access tokens already issued stay valid
 * until they expire (they are stateless; keep their TTL short).
 */
@CommandHandler(LogoutCommand)
export class LogoutHandler implements ICommandHandler<LogoutCommand> {
  constructor(
    private readonly sessions: AuthSessions,
    private readonly accessTokens: AccessTokens,
  ) {}

  async execute({ refreshToken, bearerToken, context }: LogoutCommand): Promise<void> {
    if (refreshToken !== undefined) return this.sessions.revokeByToken(refreshToken, context);
    if (bearerToken === undefined)
      throw new UserError('unauthorized', 'auth.unauthenticated', 'Send the refresh token of the session to end, or its access token as a Bearer token.');
    const claims = this.accessTokens.verify(bearerToken);
    if (typeof claims['sid'] !== 'string') throw new UserError('unauthorized', 'auth.token_invalid', 'The access token names no session.');
    await this.sessions.revoke(claims['sid'], asUser(context, claims.sub));
  }
}
