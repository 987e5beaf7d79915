import 'reflect-metadata';
import { eventStoreMigrations } from '@weft/eventstore';
import { IdentityEdgeModule, loadIdentityConfig } from '@weft/identity-feature';
import { relayMigrations } from '@weft/messaging';
import { BackboneModule, ProjectionsModule, ServiceModule, idempotencyMigrations, main } from '@weft/nest';
import { tenantIsolationMigrations } from '@weft/postgres';
import { projectionMigrations } from '@weft/projections';
import { TenancyPortsModule, loadTenancyConfig } from '@weft/tenancy-feature';
import { CredentialsModule, WorkflowsModule, credentialDataKeyMigrations, loadCredentialKeysConfig } from '@weft/workflows-feature';

// The execution catalog is projected by the projector; answers wait for it as in the platform.
const EXECUTION_CATALOG_PROJECTION = 'execution_catalog';

main({
  name: 'workflows',
  description: 'Weft workflows service (distributed deployment): workflows, versions and credentials.',
  module: (deps) =>
    ServiceModule.register(deps, [
      BackboneModule.forRoot({ ...deps, relay: false }),
      ProjectionsModule.forRoot({ ...deps, projections: [], source: 'store' }),
      IdentityEdgeModule.forRoot({ config: loadIdentityConfig(process.env) }),
      TenancyPortsModule.forRoot({ config: loadTenancyConfig(process.env) }),
      WorkflowsModule.forRoot({ alsoWaitFor: [EXECUTION_CATALOG_PROJECTION] }),
      // Distributed: CREDENTIALS_MASTER_KEYS is required (every replica and the execution service share it).
      CredentialsModule.forRoot({ keys: loadCredentialKeysConfig(process.env) }),
    ]),
  migrations: [...eventStoreMigrations, ...relayMigrations, ...projectionMigrations, ...tenantIsolationMigrations, ...idempotencyMigrations, ...credentialDataKeyMigrations],
  embeddedDatabaseAllowed: false,
});
