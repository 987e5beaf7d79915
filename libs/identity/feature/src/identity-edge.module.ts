import { type DynamicModule, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { AUTHENTICATOR, IDEMPOTENCY_FINGERPRINT_KEY } from '@weft/http';
import { USER_DIRECTORY } from '@weft/ports';
import { ApiKeyStrategy } from './auth/api-key.strategy.js';
import { PassportAuthenticator } from './auth/passport-authenticator.js';
import { JwtStrategy } from './auth/jwt.strategy.js';
import { ReadModelUserDirectory } from './directory/user-directory.js';
import { type IdentityConfig } from './config/identity-config.js';
import { IDENTITY_CONFIG } from './identity.tokens.js';
import { JwtKeyRing, idempotencyFingerprintKey } from './security/index.js';

/**
 * Identity at the distributed gateway: the access guard's `AUTHENTICATOR` (bearer JWT
 * checked against the shared signing keys, or `X-API-Key` against the api_keys read
 * model) and nothing else: no routes, no commands.
 */
@Module({})
export class IdentityEdgeModule {
  static forRoot({ config }: { readonly config: IdentityConfig }): DynamicModule {
    return {
      module: IdentityEdgeModule,
      global: true,
      imports: [PassportModule],
      providers: [
        { provide: IDENTITY_CONFIG, useValue: config },
        { provide: JwtKeyRing, useValue: new JwtKeyRing(config.jwtKeys, config.currentKid) },
        { provide: IDEMPOTENCY_FINGERPRINT_KEY, useFactory: idempotencyFingerprintKey, inject: [JwtKeyRing] },
        JwtStrategy,
        ApiKeyStrategy,
        { provide: AUTHENTICATOR, useClass: PassportAuthenticator },
        { provide: USER_DIRECTORY, useClass: ReadModelUserDirectory },
      ],
      exports: [AUTHENTICATOR, USER_DIRECTORY],
    };
  }
}
