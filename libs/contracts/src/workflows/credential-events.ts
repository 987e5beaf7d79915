import { type PublicEvent } from '../public-event.js';

// Credential events as published: metadata only. No field can hold the secret — there
// is no plaintext in any event, and the encrypted blob (`encrypted`) that the stored
// events keep is stripped by the relay (publication.ts), so ciphertext never leaves
// the workflows context either.

export type CredentialType = 'httpBasicAuth' | 'httpHeaderAuth' | 'httpBearerAuth' | 'httpQueryAuth' | 'oAuth2ClientCredentials' | 'custom';

export const CredentialCreatedSchemaVersion = 1;
export interface CredentialCreatedData {
  readonly credentialId: string;
  readonly organizationId: string;
  readonly name: string;
  readonly type: CredentialType;
  readonly isShared: boolean;
  readonly expiresAt: string | null;
  readonly ownerId: string;
  readonly createdBy: string;
  readonly createdAt: string;
}
export type CredentialCreated = PublicEvent<'CredentialCreated', CredentialCreatedData>;

/** `name` only when renamed; `dataChanged` when the secret was replaced (workers drop cached decryptions). */
export const CredentialUpdatedSchemaVersion = 1;
export interface CredentialUpdatedData {
  readonly credentialId: string;
  readonly organizationId: string;
  readonly name?: string;
  readonly dataChanged: boolean;
  readonly updatedBy: string;
  readonly updatedAt: string;
}
export type CredentialUpdated = PublicEvent<'CredentialUpdated', CredentialUpdatedData>;

/** Key rotation: the same secret under data key `keyId` / `dataKeyVersion` (fingerprints and numbers, not key material). */
export const CredentialReencryptedSchemaVersion = 1;
export interface CredentialReencryptedData {
  readonly credentialId: string;
  readonly organizationId: string;
  readonly keyId: string;
  readonly dataKeyVersion: number;
  readonly previousKeyId: string;
  readonly previousDataKeyVersion: number;
  readonly reencryptedBy: string;
  readonly reencryptedAt: string;
}
export type CredentialReencrypted = PublicEvent<'CredentialReencrypted', CredentialReencryptedData>;

export const CredentialDeletedSchemaVersion = 1;
export interface CredentialDeletedData {
  readonly credentialId: string;
  readonly organizationId: string;
  readonly deletedBy: string;
  readonly deletedAt: string;
}
export type CredentialDeleted = PublicEvent<'CredentialDeleted', CredentialDeletedData>;

/** Every public event of the Credential aggregate. */
export type PublicCredentialEvent = CredentialCreated | CredentialUpdated | CredentialReencrypted | CredentialDeleted;
