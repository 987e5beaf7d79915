import 'reflect-metadata';
import { ServiceModule, main } from '@weft/nest';

main({
  name: 'billing',
  description: 'Weft billing service (distributed deployment).',
  module: (deps) => ServiceModule.register(deps),
  migrations: [],
  embeddedDatabaseAllowed: false,
});
