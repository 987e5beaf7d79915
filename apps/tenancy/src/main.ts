import 'reflect-metadata';
import { eventStoreMigrations } from '@weft/eventstore';
import { IdentityEdgeModule, loadIdentityConfig } from '@weft/identity-feature';
import { relayMigrations } from '@weft/messaging';
import { BackboneModule, ProjectionsModule, ServiceModule, idempotencyMigrations, main } from '@weft/nest';
import { tenantIsolationMigrations } from '@weft/postgres';
import { projectionMigrations } from '@weft/projections';
import { TenancyModule, loadTenancyConfig } from '@weft/tenancy-feature';

main({
  name: 'tenancy',
  description: 'Weft tenancy service (distributed deployment): organizations, members, invitations, teams.',
  module: (deps) =>
    ServiceModule.register(deps, [
      BackboneModule.forRoot({ ...deps, relay: false }),
      // The projector runs the tenancy projection from Kafka; commands wait for its checkpoints.
      ProjectionsModule.forRoot({ ...deps, projections: [], source: 'store' }),
      IdentityEdgeModule.forRoot({ config: loadIdentityConfig(process.env) }),
      TenancyModule.forRoot({ config: loadTenancyConfig(process.env) }),
    ]),
  migrations: [...eventStoreMigrations, ...relayMigrations, ...projectionMigrations, ...tenantIsolationMigrations, ...idempotencyMigrations],
  embeddedDatabaseAllowed: false,
});
