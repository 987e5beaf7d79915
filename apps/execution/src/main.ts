import 'reflect-metadata';
import { eventStoreMigrations } from '@weft/eventstore';
import { ExecutionsModule, executionPayloadMigrations, executionWorkerMigrations, loadExecutionConfig, loadExecutionJobsConfig, scheduleStateMigrations } from '@weft/execution-feature';
import { IdentityEdgeModule, loadIdentityConfig } from '@weft/identity-feature';
import { relayMigrations } from '@weft/messaging';
import { BackboneModule, ProjectionsModule, ServiceModule, idempotencyMigrations, main } from '@weft/nest';
import { tenantIsolationMigrations } from '@weft/postgres';
import { projectionMigrations } from '@weft/projections';
import { TenancyPortsModule, loadTenancyConfig } from '@weft/tenancy-feature';
import { CredentialsModule, credentialDataKeyMigrations, loadCredentialKeysConfig } from '@weft/workflows-feature';

main({
  name: 'execution',
  description: 'Weft execution service (distributed deployment): webhooks, runs and executions; the worker app runs them.',
  module: (deps) =>
    ServiceModule.register(deps, [
      BackboneModule.forRoot({ ...deps, relay: false }),
      // The projector runs the execution catalog and executions projections from Kafka.
      ProjectionsModule.forRoot({ ...deps, projections: [], source: 'store' }),
      IdentityEdgeModule.forRoot({ config: loadIdentityConfig(process.env) }),
      TenancyPortsModule.forRoot({ config: loadTenancyConfig(process.env) }),
      // The credential vault (RUN_CREDENTIALS): decrypts in the run only, with the shared CREDENTIALS_MASTER_KEYS.
      CredentialsModule.vaultOnly({ keys: loadCredentialKeysConfig(process.env) }),
      ExecutionsModule.forRoot({ config: loadExecutionConfig(process.env), distributed: { role: 'service', jobs: loadExecutionJobsConfig(process.env, deps.config) } }),
    ]),
  migrations: [
    ...eventStoreMigrations, ...relayMigrations, ...projectionMigrations, ...tenantIsolationMigrations, ...idempotencyMigrations,
    ...credentialDataKeyMigrations, ...executionPayloadMigrations, ...scheduleStateMigrations, ...executionWorkerMigrations,
  ],
  embeddedDatabaseAllowed: false,
});
