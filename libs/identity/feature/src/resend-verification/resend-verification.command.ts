import { Command } from '@nestjs/cqrs';
import { type CommandContext } from '@weft/kernel';

/** The signed-in user asks for a new verification mail (the last one is then void). */
export class ResendVerificationCommand extends Command<void> {
  constructor(
    readonly userId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
