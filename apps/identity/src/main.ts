import 'reflect-metadata';
import { IdentityAccessModule, IdentityModule, loadIdentityConfig, throttleStoreMigrations } from '@weft/identity-feature';
import { backboneMigrations, contextServiceModule, main } from '@weft/nest';
import { TenancyPortsModule, loadTenancyConfig } from '@weft/tenancy-feature';

main({
  name: 'identity',
  description: 'Weft identity service (distributed deployment): accounts, tokens and API keys.',
  module: (deps) =>
    contextServiceModule(deps, [
      // No generated key here: every replica (and the gateway) must share JWT_SECRET.
      IdentityModule.forRoot({ config: loadIdentityConfig(process.env) }),
      IdentityAccessModule,
      TenancyPortsModule.forRoot({ config: loadTenancyConfig(process.env) }),
    ]),
  migrations: [...backboneMigrations, ...throttleStoreMigrations],
  embeddedDatabaseAllowed: false,
});
