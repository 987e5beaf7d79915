import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type RevokeApiKey } from '@weft/identity-domain';
import { isUuid, tenantMetadata } from '@weft/kernel';
import { ApiKeys, apiKeyNotFound } from '../api-keys/api-keys.js';
import { RevokeApiKeyCommand } from './revoke-api-key.command.js';

/**
 * An id that is not a uuid names no key (404); the ApiKey decider reports a key of
 * another organization as missing too. Revoking a revoked key changes nothing. Answers
 * once the `api_keys` read model shows it, so the key fails authentication from then on.
 */
@CommandHandler(RevokeApiKeyCommand)
export class RevokeApiKeyHandler implements ICommandHandler<RevokeApiKeyCommand> {
  constructor(private readonly apiKeys: ApiKeys) {}

  async execute({ apiKeyId, context }: RevokeApiKeyCommand): Promise<void> {
    if (!isUuid(apiKeyId)) throw apiKeyNotFound();
    const metadata = tenantMetadata(context);
    const command: RevokeApiKey = { type: 'RevokeApiKey', data: {}, metadata };
    await this.apiKeys.handle(apiKeyId.toLowerCase(), command);
  }
}
