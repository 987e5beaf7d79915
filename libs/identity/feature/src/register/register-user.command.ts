import { Command } from '@nestjs/cqrs';
import { type AuthResponse } from '../session/auth-response.js';

export interface RegisterUserInput {
  readonly name: string;
  readonly email: string;
  readonly password: string;
}

/** Sign-up: create the account and log it in. */
export class RegisterUserCommand extends Command<AuthResponse> {
  constructor(
    readonly input: RegisterUserInput,
    readonly requestId: string,
  ) {
    super();
  }
}
