import { type PublicEvent } from '../public-event.js';

/**
 * An organization-scoped API key was created. Carries the sha256 of the key (the
 * gateway looks keys up by it) and a display prefix, never the key itself: the key
 * is 32 random bytes, so its hash cannot be reversed by guessing.
 */
export const ApiKeyCreatedSchemaVersion = 1;
export interface ApiKeyCreatedData {
  readonly apiKeyId: string;
  readonly organizationId: string;
  readonly name: string;
  /** The first characters of the key, e.g. `weft_ak_Xy12`, to recognise it in lists. */
  readonly prefix: string;
  /** Lower-case hex sha256 of the whole key. */
  readonly keyHash: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
}
export type ApiKeyCreated = PublicEvent<'ApiKeyCreated', ApiKeyCreatedData>;

export const ApiKeyRevokedSchemaVersion = 1;
export interface ApiKeyRevokedData {
  readonly apiKeyId: string;
  readonly organizationId: string;
  readonly revokedBy: string;
  readonly revokedAt: string;
}
export type ApiKeyRevoked = PublicEvent<'ApiKeyRevoked', ApiKeyRevokedData>;

/** Every public event of the ApiKey aggregate. */
export type PublicApiKeyEvent = ApiKeyCreated | ApiKeyRevoked;
