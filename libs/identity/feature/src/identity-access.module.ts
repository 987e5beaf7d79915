import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { AUTHENTICATOR } from '@weft/nest';
import { ApiKeyStrategy } from './api-keys/api-key.strategy.js';
import { ApiKeysController } from './api-keys/api-keys.controller.js';
import { PassportAuthenticator } from './api-keys/passport-authenticator.js';

/**
 * What identity gives the rest of the platform: the access guard's `AUTHENTICATOR`
 * (bearer JWT or `X-API-Key`, through passport) and the API-key endpoints. Import it
 * next to `IdentityModule`, which registers the JWT strategy.
 */
@Module({
  imports: [PassportModule],
  controllers: [ApiKeysController],
  providers: [ApiKeyStrategy, { provide: AUTHENTICATOR, useClass: PassportAuthenticator }],
  exports: [AUTHENTICATOR],
})
export class IdentityAccessModule {}
