import { Command } from '@nestjs/cqrs';
import { type CommandContext } from '@weft/kernel';
import { type AuthResponse } from '../session/auth-response.js';

export interface RegisterUserInput {
  readonly name: string;
  readonly email: string;
  readonly password: string;
}

/** Sign-up: create the account and log it in. A public route: the new user is the actor. */
export class RegisterUserCommand extends Command<AuthResponse> {
  constructor(
    readonly input: RegisterUserInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}
