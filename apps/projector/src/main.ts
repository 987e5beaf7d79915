import 'reflect-metadata';
import { eventStoreMigrations } from '@weft/eventstore';
import { relayMigrations } from '@weft/messaging';
import { BackboneModule, ProjectionsModule, ServiceModule, main } from '@weft/nest';
import { projectionMigrations } from '@weft/projections';
import { usersProjection } from '@weft/read-model-users';

// The projector process relays the event store to Kafka (one active relay across its
// replicas) and runs the contexts' read-model projections from the bus.
main({
  name: 'projector',
  description: 'Weft projector service (distributed deployment): the relay to Kafka and the read-model projections.',
  module: (deps) =>
    ServiceModule.register(deps, [
      BackboneModule.forRoot({ ...deps, relay: true }),
      ProjectionsModule.forRoot({ ...deps, projections: [{ definition: usersProjection, contexts: ['identity'] }], source: 'bus' }),
    ]),
  migrations: [...eventStoreMigrations, ...relayMigrations, ...projectionMigrations],
  embeddedDatabaseAllowed: false,
});
