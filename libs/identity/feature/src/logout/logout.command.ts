import { Command } from '@nestjs/cqrs';
import { type CommandContext } from '@weft/kernel';

/** End a session: the one `refreshToken` belongs to, else the one of the bearer access token. */
export class LogoutCommand extends Command<void> {
  constructor(
    readonly refreshToken: string | undefined,
    readonly bearerToken: string | undefined,
    readonly context: CommandContext,
  ) {
    super();
  }
}
