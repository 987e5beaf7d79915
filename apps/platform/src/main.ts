import 'reflect-metadata';
import { BackboneModule, ServiceModule, main } from '@weft/nest';
import { platformMigrations } from './migrations.js';

main({
  name: 'platform',
  description: 'Workflow automation platform: the public HTTP API (embedded deployment: everything in one process).',
  module: (deps) => ServiceModule.register(deps, [BackboneModule.forRoot({ ...deps, relay: false })]),
  migrations: platformMigrations,
  embeddedDatabaseAllowed: true,
});
