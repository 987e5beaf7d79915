import 'reflect-metadata';
import { eventStoreMigrations } from '@weft/eventstore';
import { IdentityAccessModule, IdentityModule, loadIdentityConfig, throttleStoreMigrations } from '@weft/identity-feature';
import { relayMigrations } from '@weft/messaging';
import { BackboneModule, ProjectionsModule, ServiceModule, idempotencyMigrations, main } from '@weft/nest';
import { tenantIsolationMigrations } from '@weft/postgres';
import { projectionMigrations } from '@weft/projections';
import { TenancyPortsModule, loadTenancyConfig } from '@weft/tenancy-feature';

main({
  name: 'identity',
  description: 'Weft identity service (distributed deployment): accounts, tokens and API keys.',
  module: (deps) =>
    ServiceModule.register(deps, [
      BackboneModule.forRoot({ ...deps, relay: false }),
      // The projector app runs the users projection from Kafka; this process runs none and
      // only waits for the projector's checkpoints (read-your-writes polls the database).
      ProjectionsModule.forRoot({ ...deps, projections: [], source: 'store' }),
      // No generated key here: every replica (and the gateway) must share JWT_SECRET.
      IdentityModule.forRoot({ config: loadIdentityConfig(process.env) }),
      IdentityAccessModule,
      TenancyPortsModule.forRoot({ config: loadTenancyConfig(process.env) }),
    ]),
  migrations: [...eventStoreMigrations, ...relayMigrations, ...projectionMigrations, ...tenantIsolationMigrations, ...idempotencyMigrations, ...throttleStoreMigrations],
  embeddedDatabaseAllowed: false,
});
