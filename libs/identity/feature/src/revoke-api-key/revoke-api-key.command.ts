import { Command } from '@nestjs/cqrs';
import { type CommandContext } from '@weft/kernel';

/** Revoke the key `apiKeyId` (the route's parameter, as given) of the organization in `context`. */
export class RevokeApiKeyCommand extends Command<void> {
  constructor(
    readonly apiKeyId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
