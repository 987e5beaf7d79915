import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ResetPassword, userDecider } from '@weft/identity-domain';
import { type EventStreamStore, commandMetadata, handleCommand, asUser } from '@weft/kernel';
import { EVENT_STORE } from '@weft/nest';
import { hashAccountToken, invalidAccountToken, userIdOfAccountToken } from '../account-tokens/account-token-codec.js';
import { LoginThrottle, PasswordHasher } from '../security/index.js';
import { AuthSessions } from '../session/auth-sessions.js';
import { userStreamId } from '../streams/identity-streams.js';
import { UserAccounts } from '../streams/user-accounts.js';
import { ConfirmPasswordResetCommand } from './confirm-password-reset.command.js';
import { checkNewPassword } from './new-password.js';

/**
 * The token names its user; the policy is checked against that user's address, the
 * User stream's decider spends the token (once, unexpired, the latest issued), and then
 * every session of the user is revoked: whoever knew the old password is logged out.
 * The login throttle's count for the address is cleared, so the new password works at once.
 */
@CommandHandler(ConfirmPasswordResetCommand)
export class ConfirmPasswordResetHandler implements ICommandHandler<ConfirmPasswordResetCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    private readonly accounts: UserAccounts,
    private readonly hasher: PasswordHasher,
    private readonly sessions: AuthSessions,
    private readonly loginThrottle: LoginThrottle,
  ) {}

  async execute({ input, context }: ConfirmPasswordResetCommand): Promise<void> {
    const userId = userIdOfAccountToken('passwordReset', input.token);
    const user = userId === undefined ? undefined : await this.accounts.load(userId);
    if (user === undefined) throw invalidAccountToken('passwordReset');
    checkNewPassword(input.password, user.email);
    const now = new Date();
    const acting = asUser(context, user.userId);
    const command: ResetPassword = {
      type: 'ResetPassword',
      data: { tokenHash: hashAccountToken(input.token), passwordHash: await this.hasher.hash(input.password) },
      metadata: commandMetadata(acting, now),
    };
    await handleCommand({ store: this.store, streamId: userStreamId(user.userId), decider: userDecider, command });
    await this.sessions.revokeAll(user.userId, 'password_changed', acting, now);
    await this.loginThrottle.recordSuccess(user.email);
  }
}
