export {
  CREDENTIAL_SCHEMAS,
  CREDENTIAL_SECRET_FIELDS,
  CREDENTIAL_TYPES,
  CUSTOM_CREDENTIAL_MAX_BYTES,
  CUSTOM_CREDENTIAL_MAX_DEPTH,
  type CredentialDataIssue,
  type CredentialType,
  type JsonSchema,
  assertValidCredentialData,
  isCredentialType,
  validateCredentialData,
} from './encryption/credential-types.js';
export { type DataKeyCursor, type DataKeyRecord, type DataKeyStore, InMemoryDataKeyStore } from './encryption/data-key-store.js';
export { CredentialCipher, type CredentialCipherOptions, CredentialDecryptionError, type EncryptedCredential } from './encryption/envelope-cipher.js';
export { ConfiguredKeyProvider, type KeyContext, type KeyProvider, KeyUnwrapError, type WrappedDataKey } from './encryption/key-provider.js';
export {
  type CredentialKeysConfig,
  type CredentialKeysConfigSources,
  MASTER_KEYS_VARIABLE,
  MASTER_KEY_BYTES,
  type MasterKey,
  generateMasterKeyEntry,
  loadCredentialKeysConfig,
  parseMasterKeys,
  persistedMasterKeys,
} from './encryption/master-keys.js';
export { PostgresDataKeyStore, credentialDataKeyMigrations } from './encryption/postgres-data-key-store.js';
export { type RewrapOptions, type RewrapReport, rewrapDataKeys } from './encryption/rotation.js';
export { CredentialsModule, type CredentialsModuleOptions } from './credentials.module.js';
export { CredentialVault } from './credential-vault.js';
export { credentialStreamId } from './credential-streams.js';
