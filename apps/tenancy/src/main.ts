import 'reflect-metadata';
import { ServiceModule, main } from '@weft/nest';

main({
  name: 'tenancy',
  description: 'Weft tenancy service (distributed deployment).',
  module: (deps) => ServiceModule.register(deps),
  migrations: [],
  embeddedDatabaseAllowed: false,
});
