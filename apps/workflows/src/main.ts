import 'reflect-metadata';
import { ServiceModule, main } from '@weft/nest';

main({
  name: 'workflows',
  description: 'Weft workflows service (distributed deployment).',
  module: (deps) => ServiceModule.register(deps),
  migrations: [],
  embeddedDatabaseAllowed: false,
});
