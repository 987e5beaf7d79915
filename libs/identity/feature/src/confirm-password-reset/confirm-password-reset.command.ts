import { Command } from '@nestjs/cqrs';
import { type CommandContext } from '@weft/kernel';

/** Unauthenticated: the mailed token is the proof (and makes its user the actor); `password` must meet the policy. */
export class ConfirmPasswordResetCommand extends Command<void> {
  constructor(
    readonly input: { readonly token: string; readonly password: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}
