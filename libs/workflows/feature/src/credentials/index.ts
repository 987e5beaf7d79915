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
} from './credential-types.js';
export { type DataKeyCursor, type DataKeyRecord, type DataKeyStore, InMemoryDataKeyStore } from './data-key-store.js';
export { CredentialCipher, type CredentialCipherOptions, CredentialDecryptionError, type EncryptedCredential } from './envelope-cipher.js';
export { ConfiguredKeyProvider, type KeyContext, type KeyProvider, KeyUnwrapError, type WrappedDataKey } from './key-provider.js';
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
} from './master-keys.js';
export { PostgresDataKeyStore, credentialDataKeyMigrations } from './postgres-data-key-store.js';
export { type RewrapOptions, type RewrapReport, rewrapDataKeys } from './rotation.js';
export { CredentialsModule, type CredentialsModuleOptions } from './http/credentials.module.js';
export { CredentialVault } from './http/credential-vault.js';
export { credentialStreamId } from './http/credential-store.js';
