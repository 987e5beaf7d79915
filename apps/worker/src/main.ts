import 'reflect-metadata';
import { eventStoreMigrations } from '@weft/eventstore';
import { ExecutionsModule, executionPayloadMigrations, executionWorkerMigrations, loadExecutionConfig, loadExecutionJobsConfig, scheduleStateMigrations } from '@weft/execution-feature';
import { relayMigrations } from '@weft/messaging';
import { BackboneModule, ProjectionsModule, ServiceModule, idempotencyMigrations, main } from '@weft/nest';
import { tenantIsolationMigrations } from '@weft/postgres';
import { projectionMigrations } from '@weft/projections';
import { CredentialsModule, credentialDataKeyMigrations, loadCredentialKeysConfig } from '@weft/workflows-feature';

main({
  name: 'worker',
  description: 'Weft worker (distributed deployment): takes execution jobs from Kafka (one consumer group) and runs them; recovery, waits, schedules, retention.',
  module: (deps) =>
    ServiceModule.register(deps, [
      BackboneModule.forRoot({ ...deps, relay: false }),
      // The projector runs the execution read models; recovery waits for its checkpoints.
      ProjectionsModule.forRoot({ ...deps, projections: [], source: 'store' }),
      // Decrypts credentials inside the runs only (the shared CREDENTIALS_MASTER_KEYS).
      CredentialsModule.vaultOnly({ keys: loadCredentialKeysConfig(process.env) }),
      ExecutionsModule.forRoot({ config: loadExecutionConfig(process.env), distributed: { role: 'worker', jobs: loadExecutionJobsConfig(process.env, deps.config) } }),
    ]),
  migrations: [
    ...eventStoreMigrations, ...relayMigrations, ...projectionMigrations, ...tenantIsolationMigrations, ...idempotencyMigrations,
    ...credentialDataKeyMigrations, ...executionPayloadMigrations, ...scheduleStateMigrations, ...executionWorkerMigrations,
  ],
  embeddedDatabaseAllowed: false,
});
