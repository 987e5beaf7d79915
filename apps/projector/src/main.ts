import 'reflect-metadata';
import { executionCatalogProjection, executionPayloadMigrations } from '@weft/execution-feature';
import { BackboneModule, ProjectionsModule, ServiceModule, backboneMigrations, main } from '@weft/nest';
import { invoicesProjection, plansProjection, subscriptionsProjection, usageProjection } from '@weft/read-model-billing';
import { executionsProjection } from '@weft/read-model-executions';
import { tenancyProjection } from '@weft/read-model-tenancy';
import { apiKeysProjection, usersProjection } from '@weft/read-model-users';
import { credentialsProjection, workflowsProjection } from '@weft/read-model-workflows';

// The projector process relays the event store to Kafka (one active relay across its
// replicas) and runs the contexts' read-model projections from the bus.
// Every read model, with the contexts whose events feed it (the platform app has the same list).
const readModels = [
  { definition: usersProjection, contexts: ['identity'] },
  { definition: apiKeysProjection, contexts: ['identity'] },
  { definition: tenancyProjection, contexts: ['tenancy', 'billing'] },
  { definition: workflowsProjection, contexts: ['workflows', 'execution'] },
  { definition: credentialsProjection, contexts: ['workflows', 'execution'] },
  { definition: executionCatalogProjection, contexts: ['workflows'] },
  { definition: executionsProjection, contexts: ['execution'] },
  { definition: plansProjection, contexts: ['billing'] },
  { definition: subscriptionsProjection, contexts: ['billing', 'tenancy'] },
  { definition: usageProjection, contexts: ['execution', 'workflows', 'tenancy'] },
  { definition: invoicesProjection, contexts: ['billing'] },
];

main({
  name: 'projector',
  description: 'Weft projector service (distributed deployment): the relay to Kafka and the read-model projections.',
  module: (deps) =>
    ServiceModule.register(deps, [
      BackboneModule.forRoot({ ...deps, relay: true }),
      ProjectionsModule.forRoot({ ...deps, projections: readModels, source: 'bus' }),
    ]),
  migrations: [...backboneMigrations, ...executionPayloadMigrations],
  embeddedDatabaseAllowed: false,
});
