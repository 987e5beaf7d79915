import { Inject, Injectable } from '@nestjs/common';
import { type ApiKeyCommand, apiKeyDecider } from '@weft/identity-domain';
import { type EventStreamStore, UserError, handleCommand } from '@weft/kernel';
import { EVENT_STORE, ReadYourWrites } from '@weft/nest';
import { Database, withTenant } from '@weft/postgres';
import { API_KEYS_PROJECTION, type ApiKeyView, findApiKey } from '@weft/read-model-users';
import { apiKeyStreamId } from '../streams/identity-streams.js';

export const apiKeyNotFound = () => new UserError('not_found', 'api_key.not_found', 'No such API key.');

/**
 * The API-key use cases' access to their aggregate and read model: a command on the key's
 * stream, answered once the `api_keys` read model shows it (read-your-writes), and one
 * organization's key from that read model, inside the tenant's transaction.
 */
@Injectable()
export class ApiKeys {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    @Inject(Database) private readonly db: Database,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async handle(apiKeyId: string, command: ApiKeyCommand): Promise<void> {
    const streamId = apiKeyStreamId(apiKeyId);
    const result = await handleCommand({ store: this.store, streamId, decider: apiKeyDecider, command });
    await this.readYourWrites.afterCommand(streamId, result, [API_KEYS_PROJECTION]);
  }

  /** The key `apiKeyId` of the organization, or 404 (a key of another organization too). */
  async require(organizationId: string, apiKeyId: string): Promise<ApiKeyView> {
    const key = await withTenant(this.db, organizationId, (tx) => findApiKey(tx, apiKeyId));
    if (key === undefined) throw apiKeyNotFound();
    return key;
  }
}
