import { type ExistingUser, type PlatformRole } from '@weft/identity-domain';

/** The body of register, login and refresh: who, and the token pair. */
export interface AuthResponse {
  readonly user: { readonly id: string; readonly name: string; readonly email: string; readonly role: PlatformRole; readonly emailVerified: boolean };
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Seconds until the access token expires. */
  readonly expiresIn: number;
}

/** A freshly issued pair; `refreshToken` goes to the client once and is never logged or stored. */
export interface IssuedTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
}

export function authResponse(user: ExistingUser, tokens: IssuedTokens): AuthResponse {
  return {
    user: { id: user.userId, name: user.name, email: user.email, role: user.platformRole, emailVerified: user.emailVerified },
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresIn: tokens.expiresIn,
  };
}
