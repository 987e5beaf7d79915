import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, type SecretOrKeyProvider as PassportJwtKeyProvider, Strategy } from 'passport-jwt';
import { isPlatformRole, type PlatformRole } from '@weft/identity-domain';
import { type IdentityConfig } from '../config/identity-config.js';
import { IDENTITY_CONFIG } from '../identity.tokens.js';
import { JwtKeyRing, jwtSecretOrKeyProvider } from '../security/index.js';

/** Who a verified access token speaks for. */
export interface AuthenticatedUser {
  readonly userId: string;
  readonly role: PlatformRole;
  /** The session (refresh-token family) the token was issued in. */
  readonly sessionId: string | undefined;
}

/**
 * `Authorization: Bearer <jwt>` via passport-jwt: the key is picked by `kid` from the
 * ring (refusing an `alg` other than that key's), then signature, expiry, issuer and
 * audience are checked.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(keyRing: JwtKeyRing, @Inject(IDENTITY_CONFIG) config: IdentityConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // @types/passport-jwt predate jsonwebtoken 9, which takes a KeyObject (and is fastest with one).
      secretOrKeyProvider: jwtSecretOrKeyProvider(keyRing) as unknown as PassportJwtKeyProvider,
      algorithms: keyRing.algorithms(),
      issuer: config.issuer,
      audience: config.audience,
      ignoreExpiration: false,
    });
  }

  validate(payload: { sub?: unknown; role?: unknown; sid?: unknown }): AuthenticatedUser | false {
    if (typeof payload.sub !== 'string' || typeof payload.role !== 'string' || !isPlatformRole(payload.role)) return false;
    return { userId: payload.sub, role: payload.role, sessionId: typeof payload.sid === 'string' ? payload.sid : undefined };
  }
}
