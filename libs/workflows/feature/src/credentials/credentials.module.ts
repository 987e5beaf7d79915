import { type DynamicModule, Module } from '@nestjs/common';
import { APPLICATION_BUSES } from '@weft/nest';
import { RUN_CREDENTIALS } from '@weft/ports';
import { Database } from '@weft/postgres';
import { CreateCredentialController } from './create-credential/create-credential.controller.js';
import { CreateCredentialHandler } from './create-credential/create-credential.handler.js';
import { CredentialStreams } from './credential-streams.js';
import { CredentialUsePolicy } from './credential-use-policy.js';
import { CredentialVault } from './credential-vault.js';
import { CredentialQueryViews, CredentialViews } from './credential-views.js';
import { WorkflowsOrm } from './workflows-orm.js';
import { DeleteCredentialController } from './delete-credential/delete-credential.controller.js';
import { DeleteCredentialHandler } from './delete-credential/delete-credential.handler.js';
import { CredentialCipher } from './encryption/envelope-cipher.js';
import { ConfiguredKeyProvider } from './encryption/key-provider.js';
import { type CredentialKeysConfig } from './encryption/master-keys.js';
import { PostgresDataKeyStore } from './encryption/postgres-data-key-store.js';
import { GetCredentialController } from './get-credential/get-credential.controller.js';
import { GetCredentialHandler } from './get-credential/get-credential.handler.js';
import { ListCredentialsController } from './list-credentials/list-credentials.controller.js';
import { ListCredentialsHandler } from './list-credentials/list-credentials.handler.js';
import { UpdateCredentialController } from './update-credential/update-credential.controller.js';
import { UpdateCredentialHandler } from './update-credential/update-credential.handler.js';

export interface CredentialsModuleOptions {
  /** From `loadCredentialKeysConfig` (CREDENTIALS_MASTER_KEYS, or the embedded key file). */
  readonly keys: CredentialKeysConfig;
}

// In the order the routes are documented (the OpenAPI document lists them so).
const controllers = [CreateCredentialController, ListCredentialsController, GetCredentialController, UpdateCredentialController, DeleteCredentialController];
const handlers = [CreateCredentialHandler, UpdateCredentialHandler, DeleteCredentialHandler, ListCredentialsHandler, GetCredentialHandler];

/**
 * Credentials over HTTP, one folder per use case, and the `CredentialVault` that workers
 * decrypt with. Needs `EVENT_STORE`, `Database`, `QueryDatabase`, `ReadYourWrites`, `PLAN_LIMITS`, the
 * credentials projection and `credentialDataKeyMigrations` from the process.
 */
@Module({})
export class CredentialsModule {
  static forRoot(options: CredentialsModuleOptions): DynamicModule {
    const shared = credentialProviders(options);
    return {
      ...shared,
      module: CredentialsModule,
      imports: [APPLICATION_BUSES],
      controllers,
      providers: [...shared.providers, WorkflowsOrm, CredentialViews, CredentialQueryViews, ...handlers],
    };
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
      {
        provide: CredentialCipher,
        inject: [Database],
        useFactory: (db: Database) => new CredentialCipher({ store: new PostgresDataKeyStore(db), provider: new ConfiguredKeyProvider(keys.masterKeys) }),
      },
      CredentialStreams,
      CredentialUsePolicy,
      CredentialVault,
      { provide: RUN_CREDENTIALS, useExisting: CredentialVault },
    ],
    exports: [CredentialVault, CredentialUsePolicy, RUN_CREDENTIALS],
  };
}
