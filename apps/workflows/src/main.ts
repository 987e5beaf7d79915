import 'reflect-metadata';
import { EXECUTION_CATALOG_PROJECTION } from '@weft/execution-feature';
import { IdentityEdgeModule, loadIdentityConfig } from '@weft/identity-feature';
import { backboneMigrations, contextServiceModule, main } from '@weft/nest';
import { TenancyPortsModule, loadTenancyConfig } from '@weft/tenancy-feature';
import { CredentialsModule, WorkflowsModule, credentialDataKeyMigrations, loadCredentialKeysConfig } from '@weft/workflows-feature';

main({
  name: 'workflows',
  description: 'Weft workflows service (distributed deployment): workflows, versions and credentials.',
  module: (deps) =>
    contextServiceModule(deps, [
      IdentityEdgeModule.forRoot({ config: loadIdentityConfig(process.env) }),
      TenancyPortsModule.forRoot({ config: loadTenancyConfig(process.env) }),
      // The projector runs the execution catalog; answers wait for it as in the platform.
      WorkflowsModule.forRoot({ alsoWaitFor: [EXECUTION_CATALOG_PROJECTION] }),
      // Distributed: CREDENTIALS_MASTER_KEYS is required (every replica, the execution service and the workers share it).
      CredentialsModule.forRoot({ keys: loadCredentialKeysConfig(process.env) }),
    ]),
  migrations: [...backboneMigrations, ...credentialDataKeyMigrations],
  embeddedDatabaseAllowed: false,
});
