import { Logger, type LoggerService } from '@nestjs/common';

/** One plain-text mail. */
export interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/**
 * The mail port. Identity sends verification and password-reset mails through it and
 * nothing else; an SMTP (or provider API) adapter implements the same interface.
 * `send` resolves once the mail is handed over, and rejects when it could not be.
 */
export interface MailSender {
  send(mail: Mail): Promise<void>;
}

/** Injection token of the `MailSender`. */
export const MAIL_SENDER = Symbol('MailSender');

/**
 * The embedded default: mail goes to the log, at `log` level under the `mail` context.
 * The line holds the whole mail, so a local user can copy a single-use token out of
 * it; callers must therefore put nothing secret into a mail but such a token.
 */
export class LogMailSender implements MailSender {
  constructor(private readonly logger: Pick<LoggerService, 'log'> = new Logger('mail')) {}

  send(mail: Mail): Promise<void> {
    this.logger.log(`mail to ${mail.to}: ${mail.subject}\n${mail.text}`);
    return Promise.resolve();
  }
}
