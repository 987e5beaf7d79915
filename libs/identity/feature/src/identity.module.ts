import { type KeyObject } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { IDEMPOTENCY_FINGERPRINT_KEY } from '@weft/http';
import { APPLICATION_BUSES } from '@weft/nest';
import { Database } from '@weft/postgres';
import { ApiKeys } from './api-keys/api-keys.js';
import { JwtAuthGuard } from './auth/jwt-auth.guard.js';
import { JwtStrategy } from './auth/jwt.strategy.js';
import { type IdentityConfig } from './config/identity-config.js';
import { IDENTITY_CONFIG } from './identity.tokens.js';
import { identityControllers, identityHandlers } from './identity-use-cases.js';
import { ACCOUNT_MAIL_THROTTLE, accountMailThrottle } from './mail/account-mail-throttle.js';
import { AccountMails } from './mail/account-mails.js';
import { LogMailSender, MAIL_SENDER, type MailSender } from './mail/mail-sender.js';
import { EmailReservations } from './register/email-reservations.js';
import {
  AccessTokens,
  JwtKeyRing,
  LoginThrottle,
  PasswordHasher,
  PostgresThrottleStore,
  type ThrottleStore,
  idempotencyFingerprintKey,
} from './security/index.js';
import { AuthSessions } from './session/auth-sessions.js';
import { UserAccounts } from './streams/user-accounts.js';

export interface IdentityModuleOptions {
  readonly config: IdentityConfig;
  /** Where identity's mails go; default: the log (`LogMailSender`, the embedded mode). */
  readonly mailSender?: MailSender;
  /**
   * Where the login and mail throttles count; default a `PostgresThrottleStore` on the
   * process's `Database` (needs `throttleStoreMigrations`), shared by every replica.
   */
  readonly throttleStore?: ThrottleStore;
}

const THROTTLE_STORE = Symbol('ThrottleStore');

/**
 * The throttle store's HMAC key, derived from the current signing key (configuration,
 * never in the database). A key rotation changes it, which only restarts the counting
 * windows (minutes).
 */
const throttleKeySecret = (keyRing: JwtKeyRing): KeyObject => keyRing.derivedSecret('weft-throttle-keys-v1');

/**
 * The identity context over HTTP, one folder per use case (command or query, handler,
 * controller, DTO): register, login, refresh, logout, `/me`, email verification, password
 * reset, organizations' API keys, and the super admins' deactivation and reactivation of
 * accounts (`/api/v1/admin/users/...`). Needs `EVENT_STORE` (BackboneModule), `Database`
 * (DatabaseModule) and `ReadYourWrites` (ProjectionsModule) from the process, tenancy's
 * `MEMBERSHIPS` and `ORGANIZATION_DIRECTORY` ports (TenancyModule or TenancyPortsModule),
 * and `throttleStoreMigrations` applied (the throttles count in `auth_throttle_hits`
 * unless given another store).
 */
@Module({})
export class IdentityModule {
  static forRoot({ config, mailSender, throttleStore }: IdentityModuleOptions): DynamicModule {
    const keyRing = new JwtKeyRing(config.jwtKeys, config.currentKid);
    return {
      module: IdentityModule,
      imports: [APPLICATION_BUSES, PassportModule],
      controllers: identityControllers,
      providers: [
        { provide: IDENTITY_CONFIG, useValue: config },
        { provide: JwtKeyRing, useValue: keyRing },
        { provide: IDEMPOTENCY_FINGERPRINT_KEY, useValue: idempotencyFingerprintKey(keyRing) },
        { provide: AccessTokens, useValue: new AccessTokens({ keyRing, issuer: config.issuer, audience: config.audience }) },
        { provide: PasswordHasher, useValue: new PasswordHasher() },
        throttleStore === undefined
          ? {
              provide: THROTTLE_STORE,
              useFactory: (db: Database) => new PostgresThrottleStore(db, { keySecret: throttleKeySecret(keyRing) }),
              inject: [Database],
            }
          : { provide: THROTTLE_STORE, useValue: throttleStore },
        { provide: LoginThrottle, useFactory: (store: ThrottleStore) => new LoginThrottle({ store }), inject: [THROTTLE_STORE] },
        { provide: ACCOUNT_MAIL_THROTTLE, useFactory: (store: ThrottleStore) => accountMailThrottle({ store }), inject: [THROTTLE_STORE] },
        { provide: MAIL_SENDER, useValue: mailSender ?? new LogMailSender() },
        AccountMails,
        AuthSessions,
        UserAccounts,
        EmailReservations,
        ApiKeys,
        JwtStrategy,
        JwtAuthGuard,
        ...identityHandlers,
      ],
      exports: [JwtAuthGuard, AccessTokens],
    };
  }
}
