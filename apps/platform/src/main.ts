import 'reflect-metadata';
import { IdentityModule, loadIdentityConfig, persistedSecret } from '@weft/identity-feature';
import { BackboneModule, ProjectionsModule, ServiceModule, main } from '@weft/nest';
import { usersProjection } from '@weft/read-model-users';
import { platformMigrations } from './migrations.js';

main({
  name: 'platform',
  description: 'Workflow automation platform: the public HTTP API (embedded deployment: everything in one process).',
  module: (deps) =>
    ServiceModule.register(deps, [
      BackboneModule.forRoot({ ...deps, relay: false }),
      ProjectionsModule.forRoot({ ...deps, projections: [{ definition: usersProjection, contexts: ['identity'] }], source: 'store' }),
      // With no JWT_SECRET, a secret generated once in the data folder: a fresh machine needs no configuration.
      IdentityModule.forRoot({ config: loadIdentityConfig(process.env, { generatedSecret: persistedSecret(deps.config.dataDir) }) }),
    ]),
  migrations: platformMigrations,
  embeddedDatabaseAllowed: true,
});
