import { Command } from '@nestjs/cqrs';

/** Unauthenticated: the mailed token is the proof; `password` must meet the policy. */
export class ConfirmPasswordResetCommand extends Command<void> {
  constructor(
    readonly input: { readonly token: string; readonly password: string },
    readonly requestId: string,
  ) {
    super();
  }
}
