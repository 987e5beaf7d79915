import 'reflect-metadata';
import { IdentityEdgeModule, loadIdentityConfig } from '@weft/identity-feature';
import { backboneMigrations, contextServiceModule, main } from '@weft/nest';
import { TenancyModule, loadTenancyConfig } from '@weft/tenancy-feature';

main({
  name: 'tenancy',
  description: 'Weft tenancy service (distributed deployment): organizations, members, invitations, teams.',
  module: (deps) =>
    contextServiceModule(deps, [
      IdentityEdgeModule.forRoot({ config: loadIdentityConfig(process.env) }),
      TenancyModule.forRoot({ config: loadTenancyConfig(process.env) }),
    ]),
  migrations: backboneMigrations,
  embeddedDatabaseAllowed: false,
});
