import { type KeyObject, createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type MasterKey } from './master-keys.js';

/** What a wrapped data key is bound to: unwrapping it for another organization fails. */
export interface KeyContext {
  readonly organizationId: string;
}

/** A data key wrapped by a master key, and that key's id (both stored; neither secret). */
export interface WrappedDataKey {
  /** base64 of the provider's own format (see `ConfiguredKeyProvider`). */
  readonly wrappedKey: string;
  readonly masterKeyId: string;
}

/**
 * The key-provider port: wraps and unwraps data keys with master keys the caller never
 * sees. `ConfiguredKeyProvider` keeps master keys from configuration; a KMS or Vault
 * transit adapter implements the same three methods (hence async).
 */
export interface KeyProvider {
  /** The id new data keys are wrapped under. */
  currentMasterKeyId(): string;
  /** Wraps `dataKey` under the current master key, bound to `context`. */
  wrap(dataKey: Buffer, context: KeyContext): Promise<WrappedDataKey>;
  /** The data key; throws `KeyUnwrapError` when the master key is unknown or the wrap was tampered with or bound to another context. */
  unwrap(wrappedKey: string, masterKeyId: string, context: KeyContext): Promise<Buffer>;
}

/** A data key could not be unwrapped. The message names ids only, never key material. */
export class KeyUnwrapError extends Error {
  readonly code = 'CREDENTIAL_KEY_UNWRAP_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'KeyUnwrapError';
  }
}

const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const DATA_KEY_BYTES = 32;
const WRAPPED_BYTES = 1 + IV_BYTES + TAG_BYTES + DATA_KEY_BYTES;

/** AAD of a wrap: format, master key id and organization, unambiguously (a JSON array). */
const wrapAad = (masterKeyId: string, context: KeyContext) =>
  Buffer.from(JSON.stringify(['weft-credential-data-key', FORMAT_VERSION, masterKeyId, context.organizationId]), 'utf8');

/**
 * Master keys from configuration (`loadCredentialKeysConfig`). A wrap is AES-256-GCM:
 * base64 of `0x01 ‖ iv (12) ‖ tag (16) ‖ encrypted data key (32)`, with AAD binding the
 * master key id and the organization id.
 */
export class ConfiguredKeyProvider implements KeyProvider {
  readonly #keys: ReadonlyMap<string, KeyObject>;
  readonly #currentId: string;

  constructor(masterKeys: readonly MasterKey[]) {
    const [current] = masterKeys;
    if (current === undefined) throw new Error('ConfiguredKeyProvider needs at least one master key');
    if (new Set(masterKeys.map((key) => key.id)).size !== masterKeys.length) throw new Error('Master key ids must be unique');
    this.#keys = new Map(masterKeys.map((key) => [key.id, key.key]));
    this.#currentId = current.id;
  }

  currentMasterKeyId(): string {
    return this.#currentId;
  }

  /** The configured ids, current first (for the rotation command's report). */
  masterKeyIds(): string[] {
    return [...this.#keys.keys()];
  }

  wrap(dataKey: Buffer, context: KeyContext): Promise<WrappedDataKey> {
    if (dataKey.length !== DATA_KEY_BYTES) return Promise.reject(new Error(`A data key must be ${DATA_KEY_BYTES} bytes`));
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#keys.get(this.#currentId) as KeyObject, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(wrapAad(this.#currentId, context));
    const encrypted = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    const wrapped = Buffer.concat([Buffer.of(FORMAT_VERSION), iv, cipher.getAuthTag(), encrypted]);
    return Promise.resolve({ wrappedKey: wrapped.toString('base64'), masterKeyId: this.#currentId });
  }

  unwrap(wrappedKey: string, masterKeyId: string, context: KeyContext): Promise<Buffer> {
    const failure = (why: string) =>
      Promise.reject(
        new KeyUnwrapError(`The data key of organization ${context.organizationId} could not be unwrapped with master key "${masterKeyId}": ${why}`),
      );
    const key = this.#keys.get(masterKeyId);
    if (key === undefined) return failure(`that master key is not configured (configured: ${this.masterKeyIds().join(', ')})`);
    const wrapped = Buffer.from(wrappedKey, 'base64');
    if (wrapped.length !== WRAPPED_BYTES || wrapped[0] !== FORMAT_VERSION) return failure('the wrapped key is malformed');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, wrapped.subarray(1, 1 + IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(wrapAad(masterKeyId, context));
      decipher.setAuthTag(wrapped.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
      return Promise.resolve(Buffer.concat([decipher.update(wrapped.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]));
    } catch {
      // node's own message says nothing useful; ours names the likely causes and no bytes.
      return failure('authentication failed (wrong master key, another organization, or tampered)');
    }
  }
}
