import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, type SecretOrKeyProvider as PassportJwtKeyProvider, Strategy } from 'passport-jwt';
import { isPlatformRole, type PlatformRole } from '@weft/identity-domain';
import { Database } from '@weft/postgres';
import { findUserAccess } from '@weft/read-model-users';
import { type IdentityConfig } from '../config/identity-config.js';
import { IDENTITY_CONFIG } from '../identity.tokens.js';
import { JwtKeyRing, jwtSecretOrKeyProvider } from '../security/index.js';
import { roleOfTokenUser } from './user-status.js';

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
 * audience are checked. Then the user's current status and role are read from the
 * `users` read model (one primary-key lookup): a deactivated user's tokens fail at once,
 * and so do tokens issued before a reactivation (see `roleOfTokenUser`).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    keyRing: JwtKeyRing,
    @Inject(IDENTITY_CONFIG) config: IdentityConfig,
    @Inject(Database) private readonly db: Database,
  ) {
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

  async validate(payload: { sub?: unknown; role?: unknown; sid?: unknown; iat?: unknown }): Promise<AuthenticatedUser | false> {
    if (typeof payload.sub !== 'string' || typeof payload.role !== 'string' || !isPlatformRole(payload.role) || typeof payload.iat !== 'number') return false;
    const role = roleOfTokenUser({ role: payload.role, iat: payload.iat }, await findUserAccess(this.db, payload.sub));
    if (role === null) return false;
    return { userId: payload.sub, role, sessionId: typeof payload.sid === 'string' ? payload.sid : undefined };
  }
}
