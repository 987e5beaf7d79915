import 'reflect-metadata';
import { ServiceModule, main } from '@weft/nest';

main({
  name: 'projector',
  description: 'Weft projector service (distributed deployment).',
  module: (deps) => ServiceModule.register(deps),
  migrations: [],
  embeddedDatabaseAllowed: false,
});
