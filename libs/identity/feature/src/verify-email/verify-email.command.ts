import { Command } from '@nestjs/cqrs';

/** Unauthenticated: holding the mailed token is the proof of owning the address. */
export class VerifyEmailCommand extends Command<void> {
  constructor(
    readonly token: string,
    readonly requestId: string,
  ) {
    super();
  }
}
