import 'reflect-metadata';
import { ExecutionsModule, executionRuntimeMigrations, loadCatalogRedisConfig, loadExecutionConfig, loadExecutionJobsConfig } from '@weft/execution-feature';
import { IdentityEdgeModule, loadIdentityConfig } from '@weft/identity-feature';
import { BillingPortsModule } from '@weft/billing-feature';
import { backboneMigrations, contextServiceModule, main } from '@weft/nest';
import { TenancyPortsModule, loadTenancyConfig } from '@weft/tenancy-feature';
import { CredentialsModule, credentialDataKeyMigrations, loadCredentialKeysConfig } from '@weft/workflows-feature';

main({
  name: 'execution',
  description: 'Weft execution service (distributed deployment): webhooks, runs and executions; the worker app runs them.',
  module: (deps) =>
    contextServiceModule(deps, [
      IdentityEdgeModule.forRoot({ config: loadIdentityConfig(process.env) }),
      TenancyPortsModule.forRoot({ config: loadTenancyConfig(process.env) }),
      // The credential vault (RUN_CREDENTIALS), for webhook authentication: the shared CREDENTIALS_MASTER_KEYS.
      CredentialsModule.vaultOnly({ keys: loadCredentialKeysConfig(process.env) }),
      // The monthly run and storage limits where runs start (RUN_METER).
      BillingPortsModule.forRoot({ edge: false }),
      ExecutionsModule.forRoot({
        config: loadExecutionConfig(process.env),
        distributed: { role: 'service', jobs: loadExecutionJobsConfig(process.env, deps.config), cache: loadCatalogRedisConfig(process.env) },
      }),
    ]),
  migrations: [...backboneMigrations, ...credentialDataKeyMigrations, ...executionRuntimeMigrations],
  embeddedDatabaseAllowed: false,
});
