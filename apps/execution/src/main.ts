import 'reflect-metadata';
import { ServiceModule, main } from '@weft/nest';

main({
  name: 'execution',
  description: 'Weft execution service (distributed deployment).',
  module: (deps) => ServiceModule.register(deps),
  migrations: [],
  embeddedDatabaseAllowed: false,
});
