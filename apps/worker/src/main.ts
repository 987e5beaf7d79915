import 'reflect-metadata';
import { ExecutionsModule, executionRuntimeMigrations, loadExecutionConfig, loadExecutionJobsConfig } from '@weft/execution-feature';
import { backboneMigrations, contextServiceModule, main } from '@weft/nest';
import { CredentialsModule, credentialDataKeyMigrations, loadCredentialKeysConfig } from '@weft/workflows-feature';

main({
  name: 'worker',
  description: 'Weft worker (distributed deployment): takes execution jobs from Kafka (one consumer group) and runs them; recovery, waits, schedules, retention.',
  module: (deps) =>
    contextServiceModule(deps, [
      // Decrypts credentials inside the runs only (the shared CREDENTIALS_MASTER_KEYS).
      CredentialsModule.vaultOnly({ keys: loadCredentialKeysConfig(process.env) }),
      ExecutionsModule.forRoot({ config: loadExecutionConfig(process.env), distributed: { role: 'worker', jobs: loadExecutionJobsConfig(process.env, deps.config) } }),
    ]),
  migrations: [...backboneMigrations, ...credentialDataKeyMigrations, ...executionRuntimeMigrations],
  embeddedDatabaseAllowed: false,
});
