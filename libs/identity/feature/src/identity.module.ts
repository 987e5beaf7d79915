import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PassportModule } from '@nestjs/passport';
import { JwtAuthGuard } from './auth/jwt-auth.guard.js';
import { JwtStrategy } from './auth/jwt.strategy.js';
import { type IdentityConfig } from './config/identity-config.js';
import { IDENTITY_CONFIG } from './identity.tokens.js';
import { LoginController } from './login/login.controller.js';
import { LoginHandler } from './login/login.handler.js';
import { LogoutController } from './logout/logout.controller.js';
import { LogoutHandler } from './logout/logout.handler.js';
import { GetMeHandler } from './me/get-me.handler.js';
import { MeController } from './me/me.controller.js';
import { RefreshController } from './refresh/refresh.controller.js';
import { RefreshTokensHandler } from './refresh/refresh.handler.js';
import { RegisterController } from './register/register.controller.js';
import { EmailReservations } from './register/email-reservations.js';
import { RegisterUserHandler } from './register/register-user.handler.js';
import { AccessTokens, JwtKeyRing, LoginThrottle, PasswordHasher } from './security/index.js';
import { AuthSessions } from './session/auth-sessions.js';
import { UserAccounts } from './streams/user-accounts.js';

export interface IdentityModuleOptions {
  readonly config: IdentityConfig;
}

/**
 * The identity context over HTTP: register, login, refresh, logout and `/me`. Needs
 * `EVENT_STORE` (BackboneModule), `Database` (DatabaseModule) and `ReadYourWrites`
 * (ProjectionsModule) from the process.
 */
@Module({})
export class IdentityModule {
  static forRoot({ config }: IdentityModuleOptions): DynamicModule {
    const keyRing = new JwtKeyRing(config.jwtKeys, config.currentKid);
    return {
      module: IdentityModule,
      imports: [CqrsModule.forRoot(), PassportModule],
      controllers: [RegisterController, LoginController, RefreshController, LogoutController, MeController],
      providers: [
        { provide: IDENTITY_CONFIG, useValue: config },
        { provide: JwtKeyRing, useValue: keyRing },
        { provide: AccessTokens, useValue: new AccessTokens({ keyRing, issuer: config.issuer, audience: config.audience }) },
        { provide: PasswordHasher, useValue: new PasswordHasher() },
        { provide: LoginThrottle, useValue: new LoginThrottle() },
        AuthSessions,
        UserAccounts,
        EmailReservations,
        JwtStrategy,
        JwtAuthGuard,
        RegisterUserHandler,
        LoginHandler,
        RefreshTokensHandler,
        LogoutHandler,
        GetMeHandler,
      ],
      exports: [JwtAuthGuard, AccessTokens],
    };
  }
}
