import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { UserError } from '@weft/kernel';
import { type Authenticator, type Principal } from '@weft/http';
import { type AuthenticatedUser } from './jwt.strategy.js';

/**
 * The access guard's authenticator: passport tries `X-API-Key` first, then the bearer
 * JWT (passport-jwt). Any failure is the same 401, so the answer does not say which
 * credential was wrong or whether an API key exists.
 */
@Injectable()
export class PassportAuthenticator extends AuthGuard(['api-key', 'jwt']) implements Authenticator {
  async authenticate(context: ExecutionContext): Promise<Principal> {
    await this.canActivate(context);
    return context.switchToHttp().getRequest<{ user: Principal }>().user;
  }

  override handleRequest<TUser = Principal>(error: unknown, user: AuthenticatedUser | Principal | false | null | undefined): TUser {
    if (error || !user)
      throw new UserError('unauthorized', 'auth.unauthenticated', 'A valid access token (Authorization: Bearer <token>) or API key (X-API-Key) is required.');
    if ('kind' in user) return user as TUser;
    return { kind: 'user', userId: user.userId, platformRole: user.role, sessionId: user.sessionId } satisfies Principal as TUser;
  }
}
