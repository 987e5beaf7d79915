import { type DynamicModule, Module } from '@nestjs/common';
import { RUN_CREDENTIALS } from '@weft/nest';
import { Database } from '@weft/postgres';
import { CredentialCipher } from '../envelope-cipher.js';
import { ConfiguredKeyProvider } from '../key-provider.js';
import { type CredentialKeysConfig } from '../master-keys.js';
import { PostgresDataKeyStore } from '../postgres-data-key-store.js';
import { CredentialStreams } from './credential-store.js';
import { CredentialUsePolicy } from './credential-use-policy.js';
import { CredentialVault } from './credential-vault.js';
import { CredentialsController } from './credentials.controller.js';
import { Credentials } from './credentials.service.js';

export interface CredentialsModuleOptions {
  /** From `loadCredentialKeysConfig` (CREDENTIALS_MASTER_KEYS, or the embedded key file). */
  readonly keys: CredentialKeysConfig;
}

/**
 * Credentials over HTTP, and the `CredentialVault` that workers decrypt with. Needs
 * `EVENT_STORE`, `Database`, `ReadYourWrites`, `PLAN_LIMITS`, the credentials projection
 * and `credentialDataKeyMigrations` from the process.
 */
@Module({})
export class CredentialsModule {
  static forRoot(options: CredentialsModuleOptions): DynamicModule {
    const shared = credentialProviders(options);
    return { ...shared, module: CredentialsModule, controllers: [CredentialsController], providers: [...shared.providers, Credentials] };
  }

  /** The vault alone, no routes: the distributed execution service decrypts in its runs, the workflows service serves the API. */
  static vaultOnly(options: CredentialsModuleOptions): DynamicModule {
    return { ...credentialProviders(options), module: CredentialsModule };
  }
}

function credentialProviders({ keys }: CredentialsModuleOptions): Omit<DynamicModule, 'module'> & { providers: NonNullable<DynamicModule['providers']> } {
  return {
    // Global: RUN_CREDENTIALS is the port the execution context resolves credentials through.
    global: true,
    providers: [
      { provide: CredentialCipher, inject: [Database], useFactory: (db: Database) => new CredentialCipher({ store: new PostgresDataKeyStore(db), provider: new ConfiguredKeyProvider(keys.masterKeys) }) },
      CredentialStreams,
      CredentialUsePolicy,
      CredentialVault,
      { provide: RUN_CREDENTIALS, useExisting: CredentialVault },
    ],
    exports: [CredentialVault, CredentialUsePolicy, RUN_CREDENTIALS],
  };
}
