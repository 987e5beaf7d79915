import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CreateApiKey } from '@weft/identity-domain';
import { tenantMetadata } from '@weft/kernel';
import { ApiKeys } from '../api-keys/api-keys.js';
import { issueOpaqueToken } from '../security/index.js';
import { CreateApiKeyCommand, type CreatedApiKey } from './create-api-key.command.js';

/**
 * Issues a key (256 random bits), records only its sha256 and display prefix in an
 * `ApiKeyCreated` of a new ApiKey stream, and answers with the key once the `api_keys`
 * read model shows it.
 */
@CommandHandler(CreateApiKeyCommand)
export class CreateApiKeyHandler implements ICommandHandler<CreateApiKeyCommand> {
  constructor(private readonly apiKeys: ApiKeys) {}

  async execute({ input, context }: CreateApiKeyCommand): Promise<CreatedApiKey> {
    const metadata = tenantMetadata(context);
    const apiKeyId = randomUUID();
    const issued = issueOpaqueToken('apiKey');
    const data = {
      apiKeyId,
      name: input.name,
      prefix: issued.displayPrefix,
      keyHash: issued.hash,
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
    };
    const command: CreateApiKey = { type: 'CreateApiKey', data, metadata };
    await this.apiKeys.handle(apiKeyId, command);
    return { ...(await this.apiKeys.require(metadata.organizationId, apiKeyId)), key: issued.token };
  }
}
