import { Inject, Injectable, Logger } from '@nestjs/common';
import { type Mail, MAIL_SENDER, type MailSender } from './mail-sender.js';

/** The verification mail: the token, what to do with it, when it dies. */
export function verificationMail(to: string, token: string, expiresAt: Date): Mail {
  return {
    to,
    subject: 'Verify your email address for Weft',
    text: [
      'Confirm that this address is yours: send this token to POST /api/v1/auth/verify-email as {"token": "..."}.',
      '',
      `token: ${token}`,
      '',
      `It can be used once, until ${expiresAt.toISOString()}. If you did not sign up for Weft, ignore this mail.`,
    ].join('\n'),
  };
}

/** The password-reset mail. */
export function passwordResetMail(to: string, token: string, expiresAt: Date): Mail {
  return {
    to,
    subject: 'Reset your Weft password',
    text: [
      'Choose a new password: send this token and the new password to POST /api/v1/auth/password-reset/confirm as {"token": "...", "password": "..."}.',
      '',
      `token: ${token}`,
      '',
      `It can be used once, until ${expiresAt.toISOString()}. Every session of your account ends when the password changes.`,
      'If you did not ask for this, ignore this mail: your password stays as it is.',
    ].join('\n'),
  };
}

/**
 * Sends identity's mails. A mail that cannot be sent is logged (without its body) and
 * not thrown: the command that issued the token has succeeded, and the user can ask
 * for a new mail.
 */
@Injectable()
export class AccountMails {
  private readonly logger = new Logger('identity');

  constructor(@Inject(MAIL_SENDER) private readonly sender: MailSender) {}

  async send(mail: Mail): Promise<void> {
    try {
      await this.sender.send(mail);
    } catch (error) {
      this.logger.warn(`mail "${mail.subject}" could not be sent: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
