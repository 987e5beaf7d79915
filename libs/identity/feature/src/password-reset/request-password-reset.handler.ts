import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type RequestPasswordReset, isValidEmail, normalizeEmail, userDecider } from '@weft/identity-domain';
import { type CommandContext, type EventStreamStore, UserError, commandMetadata, handleCommand } from '@weft/kernel';
import { EVENT_STORE } from '@weft/nest';
import { issueAccountToken } from '../account-tokens/account-token-codec.js';
import { type IdentityConfig } from '../config/identity-config.js';
import { clientAddressOf } from '../context/client-address.js';
import { IDENTITY_CONFIG } from '../identity.tokens.js';
import { ACCOUNT_MAIL_THROTTLE, admitMailRequest } from '../mail/account-mail-throttle.js';
import { AccountMails, passwordResetMail } from '../mail/account-mails.js';
import { LoginThrottle } from '../security/index.js';
import { userStreamId } from '../streams/identity-streams.js';
import { UserAccounts } from '../streams/user-accounts.js';
import { RequestPasswordResetCommand } from './request-password-reset.command.js';

/**
 * Answers before looking the address up: the lookup, the append and the mail run after
 * the reply, so neither the answer nor its timing says whether the address has an
 * account. Throttled per address and per client first (counted either way). A failure
 * after the reply is logged; the user can ask again.
 */
@CommandHandler(RequestPasswordResetCommand)
export class RequestPasswordResetHandler implements ICommandHandler<RequestPasswordResetCommand> {
  private readonly logger = new Logger('identity');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    @Inject(ACCOUNT_MAIL_THROTTLE) private readonly throttle: LoginThrottle,
    private readonly accounts: UserAccounts,
    private readonly mails: AccountMails,
  ) {}

  async execute({ email: raw, context }: RequestPasswordResetCommand): Promise<void> {
    if (!isValidEmail(raw))
      throw new UserError('validation', 'user.email_invalid', 'The email address is not valid.', {
        errors: [{ field: 'email', message: 'must be a valid email address' }],
      });
    const email = normalizeEmail(raw);
    await admitMailRequest(this.throttle, email, clientAddressOf(context));
    void this.mailResetToken(email, context).catch((error: unknown) => {
      this.logger.warn(`password reset request ${context.correlationId} failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private async mailResetToken(email: string, context: CommandContext): Promise<void> {
    const user = await this.accounts.findByEmail(email);
    if (user === undefined || user.status !== 'active') return;
    const now = new Date();
    const reset = issueAccountToken('passwordReset', user.userId, now, this.config.passwordResetTtlSeconds);
    const command: RequestPasswordReset = { type: 'RequestPasswordReset', data: reset.issued, metadata: commandMetadata(context, now) };
    await handleCommand({ store: this.store, streamId: userStreamId(user.userId), decider: userDecider, command });
    await this.mails.send(passwordResetMail(user.email, reset.token, reset.issued.expiresAt));
  }
}
