import { type Decider, type DomainEvent, type TenantCommand, UserError, requireSha256Hex, requireText } from '@weft/kernel';
import { HASH_MALFORMED, requireFuture } from '../commands.js';

/** Longest API key name. */
export const API_KEY_NAME_MAX_LENGTH = 100;
/** What every Weft API key starts with, and so every display prefix. */
export const API_KEY_TOKEN_PREFIX = 'weft_ak_';

export type ApiKeyCreated = DomainEvent<
  'ApiKeyCreated',
  { apiKeyId: string; organizationId: string; name: string; prefix: string; keyHash: string; createdBy: string; createdAt: string; expiresAt: string | null }
>;
export type ApiKeyRevoked = DomainEvent<'ApiKeyRevoked', { apiKeyId: string; organizationId: string; revokedBy: string; revokedAt: string }>;
/** Every event of the ApiKey aggregate (identical to the public contracts). */
export type ApiKeyEvent = ApiKeyCreated | ApiKeyRevoked;

/**
 * The caller generates the key, shows it once, and passes only its sha256 and display
 * prefix. The permission to manage keys (`apikey:manage`) is tenancy's to check: the
 * gateway/feature does so before issuing this command.
 */
export type CreateApiKey = TenantCommand<'CreateApiKey', { apiKeyId: string; name: string; prefix: string; keyHash: string; expiresAt?: Date | null }>;
export type RevokeApiKey = TenantCommand<'RevokeApiKey', Record<string, never>>;
/** Every command of the ApiKey aggregate. */
export type ApiKeyCommand = CreateApiKey | RevokeApiKey;

export type ApiKeyState =
  | { readonly status: 'none' }
  | {
      readonly status: 'active' | 'revoked';
      readonly apiKeyId: string;
      readonly organizationId: string;
      readonly name: string;
      readonly expiresAt: string | null;
    };

const DISPLAY_PREFIX = /^weft_ak_[A-Za-z0-9_-]{4,8}$/;

/** Decides the ApiKey aggregate's events; a key of another organization is "not found". */
export function decideApiKey(command: ApiKeyCommand, state: ApiKeyState): ApiKeyEvent[] {
  const { actorId, organizationId } = command.metadata;
  const at = command.metadata.now.toISOString();
  switch (command.type) {
    case 'CreateApiKey':
      if (state.status !== 'none') throw new UserError('conflict', 'api_key.exists', 'This API key already exists.');
      return [{ type: 'ApiKeyCreated', data: { ...createdData(command), organizationId, createdBy: actorId, createdAt: at } }];
    case 'RevokeApiKey':
      // Tenant isolation: another organization's key is reported as missing, never as forbidden.
      if (state.status === 'none' || state.organizationId !== organizationId) throw new UserError('not_found', 'api_key.not_found', 'No such API key.');
      if (state.status === 'revoked') return [];
      return [{ type: 'ApiKeyRevoked', data: { apiKeyId: state.apiKeyId, organizationId, revokedBy: actorId, revokedAt: at } }];
  }
}

function createdData(command: CreateApiKey): Pick<ApiKeyCreated['data'], 'apiKeyId' | 'name' | 'prefix' | 'keyHash' | 'expiresAt'> {
  const { apiKeyId, prefix, expiresAt } = command.data;
  if (!DISPLAY_PREFIX.test(prefix)) {
    throw new UserError('validation', 'api_key.prefix_invalid', `The display prefix must be ${API_KEY_TOKEN_PREFIX} and 4 to 8 key characters.`);
  }
  return {
    apiKeyId,
    name: requireText(command.data.name, 'name', API_KEY_NAME_MAX_LENGTH, 'api_key.name_invalid'),
    prefix,
    keyHash: requireSha256Hex(command.data.keyHash, 'keyHash', HASH_MALFORMED),
    expiresAt: expiresAt ? requireFuture(expiresAt, command.metadata.now, 'expiresAt', 'api_key.expiry_invalid') : null,
  };
}

/** Applies one event. */
export function evolveApiKey(state: ApiKeyState, event: ApiKeyEvent): ApiKeyState {
  switch (event.type) {
    case 'ApiKeyCreated': {
      const { apiKeyId, organizationId, name, expiresAt } = event.data;
      return { status: 'active', apiKeyId, organizationId, name, expiresAt };
    }
    case 'ApiKeyRevoked':
      return state.status === 'none' ? state : { ...state, status: 'revoked' };
  }
}

/** The ApiKey aggregate as a decider. `last_used_at` is a read-model touch, not an event. */
export const apiKeyDecider = {
  decide: decideApiKey,
  evolve: evolveApiKey,
  initialState: (): ApiKeyState => ({ status: 'none' }),
} satisfies Decider<ApiKeyState, ApiKeyCommand, ApiKeyEvent>;
