import { Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { AUTHENTICATOR } from '@weft/http';
import { USER_DIRECTORY } from '@weft/ports';
import { ApiKeyStrategy } from './auth/api-key.strategy.js';
import { PassportAuthenticator } from './auth/passport-authenticator.js';
import { ReadModelUserDirectory } from './directory/user-directory.js';

/**
 * What identity gives the rest of the platform: the access guard's `AUTHENTICATOR`
 * (bearer JWT or `X-API-Key`, through passport) and the `USER_DIRECTORY` port. Import it
 * next to `IdentityModule`, which registers the JWT strategy and serves the routes (the
 * API-key endpoints included). Global: its ports are every context's.
 */
@Global()
@Module({
  imports: [PassportModule],
  providers: [ApiKeyStrategy, { provide: AUTHENTICATOR, useClass: PassportAuthenticator }, { provide: USER_DIRECTORY, useClass: ReadModelUserDirectory }],
  exports: [AUTHENTICATOR, USER_DIRECTORY],
})
export class IdentityAccessModule {}
