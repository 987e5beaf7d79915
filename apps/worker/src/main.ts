import 'reflect-metadata';
import { ServiceModule, main } from '@weft/nest';

main({
  name: 'worker',
  description: 'Weft worker service (distributed deployment).',
  module: (deps) => ServiceModule.register(deps),
  migrations: [],
  embeddedDatabaseAllowed: false,
});
