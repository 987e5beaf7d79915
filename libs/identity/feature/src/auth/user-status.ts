import { type PlatformRole } from '@weft/identity-domain';

/** What the `users` read model says of a token's user right now (`findUserAccess`). */
export interface CurrentUserAccess {
  readonly role: PlatformRole;
  readonly isActive: boolean;
  readonly reactivatedAt: Date | null;
}

/**
 * The platform role a verified access token acts with now, or `null` when its user may
 * not act: deactivated, or the token was issued before the user's last reactivation (its
 * session was revoked by the deactivation and stays so). `iat` has whole seconds, so a
 * token is refused when issued in an earlier second than the reactivation; one issued
 * before a deactivation and a reactivation that both fell in its own second would pass.
 * The current role wins over the token's claim, so a role change applies at once too.
 * A user the read model does not know (yet) acts with the token's role: a deactivation is
 * projected after that user's registration, so an unknown user cannot be a deactivated one.
 */
export function roleOfTokenUser(claims: { readonly role: PlatformRole; readonly iat: number }, current: CurrentUserAccess | undefined): PlatformRole | null {
  if (current === undefined) return claims.role;
  if (!current.isActive) return null;
  if (current.reactivatedAt !== null && claims.iat < Math.floor(current.reactivatedAt.getTime() / 1000)) return null;
  return current.role;
}
