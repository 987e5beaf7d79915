import { Command } from '@nestjs/cqrs';
import { type CommandContext } from '@weft/kernel';

/** Unauthenticated: holding the mailed token is the proof of owning the address (and makes its user the actor). */
export class VerifyEmailCommand extends Command<void> {
  constructor(
    readonly token: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
