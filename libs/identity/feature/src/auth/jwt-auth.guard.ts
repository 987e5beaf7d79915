import { type ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { UserError } from '@weft/kernel';
import { type AuthenticatedUser } from './jwt.strategy.js';

/** Requires a valid bearer access token; anything else is a 401 problem with a stable code. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  override handleRequest<TUser = AuthenticatedUser>(error: unknown, user: TUser | false | null | undefined): TUser {
    if (error || !user) throw new UserError('unauthorized', 'auth.unauthenticated', 'A valid access token is required (Authorization: Bearer <token>).');
    return user;
  }
}

/** The `AuthenticatedUser` a `JwtAuthGuard` let through. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser => context.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user,
);
