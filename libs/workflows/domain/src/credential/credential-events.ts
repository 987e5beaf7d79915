import { type DomainEvent } from '@weft/kernel';

// The Credential aggregate's events. There is no plaintext anywhere in the domain: the
// feature encrypts `data` (envelope encryption) before the command and decrypts only in
// the worker that runs a node. The stored events keep the encrypted blob — the event
// store is the credentials' source of truth — and the relay strips `encrypted` on
// publication (@weft/contracts publication.ts), so ciphertext never reaches Kafka.

export const CREDENTIAL_TYPES = ['httpBasicAuth', 'httpHeaderAuth', 'httpBearerAuth', 'httpQueryAuth', 'oAuth2ClientCredentials', 'custom'] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

/**
 * What the feature's envelope cipher makes (AES-256-GCM): opaque base64 `ciphertext`,
 * `iv`, `tag`; `keyId` fingerprints the organization's data key, `dataKeyVersion` is its
 * version. Nothing of the plaintext.
 */
export interface EncryptedCredentialData {
  readonly ciphertext: string;
  readonly iv: string;
  readonly tag: string;
  readonly keyId: string;
  readonly dataKeyVersion: number;
}

type Ids = { credentialId: string; organizationId: string };

export type CredentialCreated = DomainEvent<
  'CredentialCreated',
  Ids & {
    name: string;
    type: CredentialType;
    isShared: boolean;
    expiresAt: string | null;
    ownerId: string;
    encrypted: EncryptedCredentialData;
    createdBy: string;
    createdAt: string;
  }
>;
/** Only changed fields are present; `dataChanged` says whether the secret was replaced (published without the blob). */
export type CredentialUpdated = DomainEvent<
  'CredentialUpdated',
  Ids & { name?: string; encrypted?: EncryptedCredentialData; dataChanged: boolean; updatedBy: string; updatedAt: string }
>;
/** Key rotation: the same secret, encrypted again under data key `keyId` / `dataKeyVersion`. */
export type CredentialReencrypted = DomainEvent<
  'CredentialReencrypted',
  Ids & {
    encrypted: EncryptedCredentialData;
    keyId: string;
    dataKeyVersion: number;
    previousKeyId: string;
    previousDataKeyVersion: number;
    reencryptedBy: string;
    reencryptedAt: string;
  }
>;
export type CredentialDeleted = DomainEvent<'CredentialDeleted', Ids & { deletedBy: string; deletedAt: string }>;

/** Every event of the Credential aggregate. */
export type CredentialEvent = CredentialCreated | CredentialUpdated | CredentialReencrypted | CredentialDeleted;
