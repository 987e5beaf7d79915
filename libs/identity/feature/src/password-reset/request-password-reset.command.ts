import { Command } from '@nestjs/cqrs';

/** Unauthenticated; answered the same whether or not `email` has an account. */
export class RequestPasswordResetCommand extends Command<void> {
  constructor(
    readonly email: string,
    readonly ip: string,
    readonly requestId: string,
  ) {
    super();
  }
}
