import 'reflect-metadata';
import { eventStoreMigrations } from '@weft/eventstore';
import { relayMigrations } from '@weft/messaging';
import { BackboneModule, ServiceModule, main } from '@weft/nest';
import { projectionMigrations } from '@weft/projections';

// The projector process relays the event store to Kafka (one active relay across its
// replicas) and, as the contexts' read models land, runs their projections.
main({
  name: 'projector',
  description: 'Weft projector service (distributed deployment): the relay to Kafka and the read-model projections.',
  module: (deps) => ServiceModule.register(deps, [BackboneModule.forRoot({ ...deps, relay: true })]),
  migrations: [...eventStoreMigrations, ...relayMigrations, ...projectionMigrations],
  embeddedDatabaseAllowed: false,
});
