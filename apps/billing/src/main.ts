import 'reflect-metadata';
import { BillingModule, loadBillingConfig } from '@weft/billing-feature';
import { IdentityEdgeModule, loadIdentityConfig } from '@weft/identity-feature';
import { backboneMigrations, contextServiceModule, main } from '@weft/nest';

main({
  name: 'billing',
  description: 'Weft billing service (distributed deployment): the plan catalogue.',
  module: (deps) =>
    contextServiceModule(deps, [
      IdentityEdgeModule.forRoot({ config: loadIdentityConfig(process.env) }),
      BillingModule.forRoot({ config: loadBillingConfig(process.env) }),
    ]),
  migrations: backboneMigrations,
  embeddedDatabaseAllowed: false,
});
