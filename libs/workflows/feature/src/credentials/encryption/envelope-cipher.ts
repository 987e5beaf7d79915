import { type KeyObject, createCipheriv, createDecipheriv, createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { type DataKeyRecord, type DataKeyStore } from './data-key-store.js';
import { type KeyProvider } from './key-provider.js';

/** A credential's data at rest. Every field is base64 or an id: nothing of the plaintext. */
export interface EncryptedCredential {
  /** base64 AES-256-GCM ciphertext of the data's UTF-8 JSON. */
  readonly ciphertext: string;
  /** base64, 12 random bytes per encryption. */
  readonly iv: string;
  /** base64, the 16-byte GCM tag. */
  readonly tag: string;
  /** `dk1-` + 16 hex: a fingerprint of the data key (HMAC of a constant), stable across rewraps. */
  readonly keyId: string;
  /** The organization's data key version that encrypted it. */
  readonly dataKeyVersion: number;
}

/** Decryption failed. The message names ids only: no plaintext, no ciphertext, no key. */
export class CredentialDecryptionError extends Error {
  readonly code = 'CREDENTIAL_DECRYPTION_FAILED';
  constructor(organizationId: string, credentialId: string, why: string) {
    super(`Credential ${credentialId} of organization ${organizationId} could not be decrypted: ${why}`);
    this.name = 'CredentialDecryptionError';
  }
}

export interface CredentialCipherOptions {
  readonly store: DataKeyStore;
  readonly provider: KeyProvider;
  /** How long an unwrapped data key stays in memory. Default 5 minutes. */
  readonly cacheTtlMs?: number;
  /** Most unwrapped data keys kept at once (oldest dropped first). Default 1000. */
  readonly maxCachedKeys?: number;
  readonly now?: () => number;
}

interface DataKey {
  readonly version: number;
  readonly key: KeyObject;
  readonly keyId: string;
}

const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const DEFAULT_TTL_MS = 5 * 60_000;

const aad = (organizationId: string, credentialId: string, version: number) =>
  Buffer.from(JSON.stringify(['weft-credential', FORMAT_VERSION, organizationId, credentialId, version]), 'utf8');

/** The key id of a data key: a one-way fingerprint, so a store mix-up is named rather than reported as tampering. */
const fingerprint = (key: KeyObject) => `dk1-${createHmac('sha256', key).update('weft-credential-data-key-id').digest('hex').slice(0, 16)}`;

/**
 * Envelope encryption of credential data: AES-256-GCM under the organization's data
 * key, which the key provider wraps with a master key. The AAD binds organization,
 * credential and data key version, so a blob copied to another credential or
 * organization fails to decrypt.
 *
 * Unwrapped data keys are cached in this process for `cacheTtlMs` (default 5 min), as
 * KeyObjects, at most `maxCachedKeys`: decrypting in a busy worker then costs no store
 * read or unwrap, and removing a master key takes effect everywhere within the TTL.
 */
export class CredentialCipher {
  private readonly cache = new Map<string, { readonly dataKey: DataKey; readonly expiresAt: number }>();
  private readonly store: DataKeyStore;
  private readonly provider: KeyProvider;
  private readonly ttlMs: number;
  private readonly maxCached: number;
  private readonly now: () => number;

  constructor(options: CredentialCipherOptions) {
    this.store = options.store;
    this.provider = options.provider;
    this.ttlMs = options.cacheTtlMs ?? DEFAULT_TTL_MS;
    this.maxCached = options.maxCachedKeys ?? 1_000;
    this.now = options.now ?? Date.now;
  }

  /** Encrypts `plaintext` (a JSON object) under the organization's current data key, creating its first one if needed. */
  async encrypt(organizationId: string, credentialId: string, plaintext: Readonly<Record<string, unknown>>): Promise<EncryptedCredential> {
    const dataKey = await this.currentDataKey(organizationId);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', dataKey.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(organizationId, credentialId, dataKey.version));
    const json = Buffer.from(JSON.stringify(plaintext), 'utf8');
    try {
      const ciphertext = Buffer.concat([cipher.update(json), cipher.final()]);
      return {
        ciphertext: ciphertext.toString('base64'),
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        keyId: dataKey.keyId,
        dataKeyVersion: dataKey.version,
      };
    } finally {
      json.fill(0);
    }
  }

  /** The plaintext object; throws `CredentialDecryptionError` (or the provider's `KeyUnwrapError`) otherwise. */
  async decrypt(organizationId: string, credentialId: string, blob: EncryptedCredential): Promise<Record<string, unknown>> {
    const fail = (why: string) => new CredentialDecryptionError(organizationId, credentialId, why);
    const dataKey = await this.dataKeyVersion(organizationId, blob.dataKeyVersion);
    if (dataKey === undefined) throw fail(`the organization has no data key version ${String(blob.dataKeyVersion)}`);
    if (dataKey.keyId !== blob.keyId) throw fail(`it names another data key than version ${dataKey.version} (${dataKey.keyId}) of the organization`);
    const iv = Buffer.from(blob.iv, 'base64');
    const tag = Buffer.from(blob.tag, 'base64');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw fail('its iv or tag is malformed');
    let json: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', dataKey.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(organizationId, credentialId, dataKey.version));
      decipher.setAuthTag(tag);
      json = Buffer.concat([decipher.update(Buffer.from(blob.ciphertext, 'base64')), decipher.final()]);
    } catch {
      throw fail('authentication failed (tampered, or moved from another credential or organization)');
    }
    try {
      return JSON.parse(json.toString('utf8')) as Record<string, unknown>;
    } catch {
      // Unreachable unless the encrypting side was broken; say nothing of the bytes.
      throw fail('the decrypted data is not JSON');
    } finally {
      json.fill(0);
    }
  }

  /** `blob` re-encrypted under the organization's current data key version (fresh iv); the caller stores it in place of the old one. */
  async reencrypt(organizationId: string, credentialId: string, blob: EncryptedCredential): Promise<EncryptedCredential> {
    return this.encrypt(organizationId, credentialId, await this.decrypt(organizationId, credentialId, blob));
  }

  /** Whether `blob` is under the organization's current data key version (else `reencrypt` it). */
  async isCurrent(organizationId: string, blob: EncryptedCredential): Promise<boolean> {
    return (await this.store.current(organizationId))?.version === blob.dataKeyVersion;
  }

  /** Adds a new data key version for the organization; new encryptions use it, old blobs still decrypt. */
  async rotateDataKey(organizationId: string): Promise<number> {
    return (await this.createDataKey(organizationId)).version;
  }

  /** Drops every unwrapped data key from memory. */
  clearCache(): void {
    this.cache.clear();
  }

  private async currentDataKey(organizationId: string): Promise<DataKey> {
    const record = await this.store.current(organizationId);
    if (record === undefined) return this.createDataKey(organizationId);
    return this.unwrapped(record);
  }

  private async dataKeyVersion(organizationId: string, version: number): Promise<DataKey | undefined> {
    if (!Number.isInteger(version) || version < 1) return undefined;
    const cached = this.cached(organizationId, version);
    if (cached !== undefined) return cached;
    const record = await this.store.byVersion(organizationId, version);
    return record === undefined ? undefined : this.unwrapped(record);
  }

  private async createDataKey(organizationId: string): Promise<DataKey> {
    const material = randomBytes(32);
    try {
      const wrapped = await this.provider.wrap(material, { organizationId });
      const record = await this.store.create(organizationId, wrapped.wrappedKey, wrapped.masterKeyId);
      return this.remember(organizationId, record.version, createSecretKey(material));
    } finally {
      material.fill(0);
    }
  }

  private async unwrapped(record: DataKeyRecord): Promise<DataKey> {
    const cached = this.cached(record.organizationId, record.version);
    if (cached !== undefined) return cached;
    const material = await this.provider.unwrap(record.wrappedKey, record.masterKeyId, { organizationId: record.organizationId });
    try {
      return this.remember(record.organizationId, record.version, createSecretKey(material));
    } finally {
      material.fill(0);
    }
  }

  private cached(organizationId: string, version: number): DataKey | undefined {
    const slot = `${organizationId}\u0000${version}`;
    const entry = this.cache.get(slot);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > this.now()) return entry.dataKey;
    this.cache.delete(slot);
    return undefined;
  }

  private remember(organizationId: string, version: number, key: KeyObject): DataKey {
    const dataKey: DataKey = { version, key, keyId: fingerprint(key) };
    if (this.ttlMs <= 0 || this.maxCached <= 0) return dataKey;
    while (this.cache.size >= this.maxCached) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(`${organizationId}\u0000${dataKey.version}`, { dataKey, expiresAt: this.now() + this.ttlMs });
    return dataKey;
  }
}
