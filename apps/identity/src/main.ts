import 'reflect-metadata';
import { ServiceModule, main } from '@weft/nest';

main({
  name: 'identity',
  description: 'Weft identity service (distributed deployment).',
  module: (deps) => ServiceModule.register(deps),
  migrations: [],
  embeddedDatabaseAllowed: false,
});
