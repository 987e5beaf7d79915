import { Command } from '@nestjs/cqrs';
import { type CommandContext } from '@weft/kernel';

/**
 * Unauthenticated; answered the same whether or not `email` has an account. Nobody is
 * the actor: anyone may ask for any address (the context still names the request's origin).
 */
export class RequestPasswordResetCommand extends Command<void> {
  constructor(
    readonly email: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
