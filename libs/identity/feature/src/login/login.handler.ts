import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ChangePassword, type ExistingUser, normalizeEmail, userDecider } from '@weft/identity-domain';
import { type CommandContext, type EventStreamStore, UserError, handleCommand, asUser, actorMetadata } from '@weft/kernel';
import { EVENT_STORE, ReadYourWrites } from '@weft/nest';
import { USERS_PROJECTION } from '@weft/read-model-users';
import { clientAddressOf } from '../context/client-address.js';
import { LoginThrottle, PasswordHasher } from '../security/index.js';
import { type AuthResponse, authResponse } from '../session/auth-response.js';
import { AuthSessions } from '../session/auth-sessions.js';
import { userStreamId } from '../streams/identity-streams.js';
import { UserAccounts } from '../streams/user-accounts.js';
import { LoginCommand } from './login.command.js';

/** One answer for an unknown email and a wrong password: nothing to enumerate. */
export const invalidCredentials = () => new UserError('unauthorized', 'auth.invalid_credentials', 'The email or password is incorrect.');

/** Said only to whoever proved the password: an attacker without it learns nothing about the account. */
export const accountDeactivated = () =>
  new UserError('unauthorized', 'auth.account_deactivated', 'This account is deactivated; ask a platform administrator to reactivate it.');

/**
 * Throttle first (429 before any work), then verify — against a dummy hash when there
 * is no such user, so both failures cost one KDF run — then start a session. A
 * deactivated account is refused after the password check (a wrong password reads as
 * any wrong password), without counting for or against the throttle.
 */
@CommandHandler(LoginCommand)
export class LoginHandler implements ICommandHandler<LoginCommand> {
  private readonly logger = new Logger('identity');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    private readonly accounts: UserAccounts,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly sessions: AuthSessions,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ input, context }: LoginCommand): Promise<AuthResponse> {
    const email = normalizeEmail(input.email);
    const ip = clientAddressOf(context);
    await this.throttle.assertAllowed(email, ip);
    const user = await this.accounts.findByEmail(email);
    const matches = await this.hasher.verifyOrDummy(input.password, user?.passwordHash);
    if (!matches || user === undefined) {
      await this.throttle.recordFailure(email, ip);
      throw invalidCredentials();
    }
    if (user.status !== 'active') throw accountDeactivated();
    await this.throttle.recordSuccess(email);
    const now = new Date();
    const acting = asUser(context, user.userId);
    await this.rehashIfNeeded(user, input.password, acting, now);
    const session = await this.sessions.start(user, acting, now);
    // The session's start sets `last_login_at` in the read model.
    await this.readYourWrites.waitFor(session.written, [USERS_PROJECTION]);
    return authResponse(user, session);
  }

  /** Stored hashes below the current KDF parameters are upgraded while the plaintext is at hand. */
  private async rehashIfNeeded(user: ExistingUser, password: string, acting: CommandContext, now: Date): Promise<void> {
    if (!this.hasher.needsRehash(user.passwordHash)) return;
    try {
      const metadata = actorMetadata(acting, now);
      const command: ChangePassword = { type: 'ChangePassword', data: { passwordHash: await this.hasher.hash(password), reason: 'rehash' }, metadata };
      await handleCommand({ store: this.store, streamId: userStreamId(user.userId), decider: userDecider, command });
    } catch (error) {
      // The login itself succeeded; the upgrade is tried again at the next one.
      this.logger.warn(`password rehash for user ${user.userId} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
