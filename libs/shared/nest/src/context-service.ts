import { type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { eventStoreMigrations } from '@weft/eventstore';
import { relayMigrations } from '@weft/messaging';
import { type Migration, tenantIsolationMigrations } from '@weft/postgres';
import { projectionMigrations } from '@weft/projections';
import { BackboneModule } from './backbone.module.js';
import { idempotencyMigrations } from '@weft/http';
import { ProjectionsModule } from './projections.module.js';
import { type ServiceDependencies } from './run-http-service.js';
import { ServiceModule } from './service.module.js';

/**
 * The root module of a distributed context service (identity, tenancy, workflows,
 * execution, worker): the event store without the relay (the projector relays), and
 * read-your-writes on the projector's checkpoints (it runs the projections, from Kafka),
 * with the app's own modules.
 */
export function contextServiceModule(deps: ServiceDependencies, imports: NonNullable<ModuleMetadata['imports']>): DynamicModule {
  return ServiceModule.register(deps, [
    BackboneModule.forRoot({ ...deps, relay: false }),
    ProjectionsModule.forRoot({ ...deps, projections: [], source: 'store' }),
    ...imports,
  ]);
}

/** What every distributed app's database needs whatever else it runs: event store, relay and projection checkpoints, tenant roles, idempotency keys. */
export const backboneMigrations: readonly Migration[] = [
  ...eventStoreMigrations,
  ...relayMigrations,
  ...projectionMigrations,
  ...tenantIsolationMigrations,
  ...idempotencyMigrations,
];
