import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type RequestEmailVerification, userDecider } from '@weft/identity-domain';
import { type EventStreamStore, UserError, commandMetadata, handleCommand, asUser } from '@weft/kernel';
import { EVENT_STORE } from '@weft/nest';
import { issueAccountToken } from '../account-tokens/account-token-codec.js';
import { type IdentityConfig } from '../config/identity-config.js';
import { clientAddressOf } from '../context/client-address.js';
import { IDENTITY_CONFIG } from '../identity.tokens.js';
import { ACCOUNT_MAIL_THROTTLE, admitMailRequest } from '../mail/account-mail-throttle.js';
import { AccountMails, verificationMail } from '../mail/account-mails.js';
import { LoginThrottle } from '../security/index.js';
import { userStreamId } from '../streams/identity-streams.js';
import { UserAccounts } from '../streams/user-accounts.js';
import { ResendVerificationCommand } from './resend-verification.command.js';

/** Issues a new verification token (the decider voids the previous one) and mails it; nothing once verified. */
@CommandHandler(ResendVerificationCommand)
export class ResendVerificationHandler implements ICommandHandler<ResendVerificationCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    @Inject(ACCOUNT_MAIL_THROTTLE) private readonly throttle: LoginThrottle,
    private readonly accounts: UserAccounts,
    private readonly mails: AccountMails,
  ) {}

  async execute({ userId, context }: ResendVerificationCommand): Promise<void> {
    const user = await this.accounts.load(userId);
    if (user === undefined) throw new UserError('unauthorized', 'auth.unauthenticated', 'A valid access token is required (Authorization: Bearer <token>).');
    if (user.emailVerified) return;
    await admitMailRequest(this.throttle, user.email, clientAddressOf(context));
    const now = new Date();
    const verification = issueAccountToken('emailVerification', userId, now, this.config.emailVerificationTtlSeconds);
    const command: RequestEmailVerification = {
      type: 'RequestEmailVerification',
      data: verification.issued,
      metadata: commandMetadata(asUser(context, userId), now),
    };
    const result = await handleCommand({ store: this.store, streamId: userStreamId(userId), decider: userDecider, command });
    if (result.newEvents.length > 0) await this.mails.send(verificationMail(user.email, verification.token, verification.issued.expiresAt));
  }
}
