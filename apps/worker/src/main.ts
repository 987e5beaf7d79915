import 'reflect-metadata';
import { ExecutionsModule, executionRuntimeMigrations, loadCatalogRedisConfig, loadExecutionConfig, loadExecutionJobsConfig } from '@weft/execution-feature';
import { BillingPortsModule } from '@weft/billing-feature';
import { backboneMigrations, contextServiceModule, main } from '@weft/nest';
import { TenancyPortsModule, loadTenancyConfig } from '@weft/tenancy-feature';
import { CredentialsModule, credentialDataKeyMigrations, loadCredentialKeysConfig } from '@weft/workflows-feature';

main({
  name: 'worker',
  description:
    'Weft worker (distributed deployment): takes execution jobs from Kafka (one consumer group) and runs them; recovery, waits, schedules, retention.',
  module: (deps) =>
    contextServiceModule(deps, [
      // Decrypts credentials inside the runs only (the shared CREDENTIALS_MASTER_KEYS).
      CredentialsModule.vaultOnly({ keys: loadCredentialKeysConfig(process.env) }),
      // Organizations' own retention (ORGANIZATION_RETENTION) for the retention job, from tenancy's read model.
      TenancyPortsModule.forRoot({ config: loadTenancyConfig(process.env) }),
      // The monthly run and storage limits where runs start (RUN_METER).
      BillingPortsModule.forRoot({ edge: false }),
      ExecutionsModule.forRoot({
        config: loadExecutionConfig(process.env),
        distributed: { role: 'worker', jobs: loadExecutionJobsConfig(process.env, deps.config), cache: loadCatalogRedisConfig(process.env) },
      }),
    ]),
  migrations: [...backboneMigrations, ...credentialDataKeyMigrations, ...executionRuntimeMigrations],
  embeddedDatabaseAllowed: false,
});
