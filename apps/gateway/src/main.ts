import 'reflect-metadata';
import { ServiceModule, main } from '@weft/nest';

main({
  name: 'gateway',
  description: 'Weft gateway service (distributed deployment).',
  module: (deps) => ServiceModule.register(deps),
  migrations: [],
  embeddedDatabaseAllowed: false,
});
