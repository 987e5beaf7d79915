import { Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { AUTHENTICATOR, USER_DIRECTORY } from '@weft/nest';
import { ApiKeyStrategy } from './api-keys/api-key.strategy.js';
import { ApiKeysController } from './api-keys/api-keys.controller.js';
import { PassportAuthenticator } from './api-keys/passport-authenticator.js';
import { ReadModelUserDirectory } from './directory/user-directory.js';

/**
 * What identity gives the rest of the platform: the access guard's `AUTHENTICATOR`
 * (bearer JWT or `X-API-Key`, through passport), the `USER_DIRECTORY` port and the
 * API-key endpoints. Import it next to `IdentityModule`, which registers the JWT
 * strategy. Global: its ports are every context's.
 */
@Global()
@Module({
  imports: [PassportModule],
  controllers: [ApiKeysController],
  providers: [ApiKeyStrategy, { provide: AUTHENTICATOR, useClass: PassportAuthenticator }, { provide: USER_DIRECTORY, useClass: ReadModelUserDirectory }],
  exports: [AUTHENTICATOR, USER_DIRECTORY],
})
export class IdentityAccessModule {}
