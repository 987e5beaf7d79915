import 'reflect-metadata';
import { BillingModule, loadBillingConfig, loadInvoicingConfig, loadPaymentsConfig, loadStorageMeterConfig } from '@weft/billing-feature';
import { IdentityEdgeModule, loadIdentityConfig } from '@weft/identity-feature';
import { backboneMigrations, contextServiceModule, main } from '@weft/nest';
import { billingUsageMigrations } from '@weft/read-model-billing';
import { TenancyPortsModule, loadTenancyConfig } from '@weft/tenancy-feature';

main({
  name: 'billing',
  description: 'Weft billing service (distributed deployment): the plan catalogue, subscriptions, usage, invoices and dunning.',
  module: (deps) =>
    contextServiceModule(deps, [
      IdentityEdgeModule.forRoot({ config: loadIdentityConfig(process.env) }),
      // PLAN_LIMITS, for the usage answer.
      TenancyPortsModule.forRoot({ config: loadTenancyConfig(process.env) }),
      BillingModule.forRoot({
        config: loadBillingConfig(process.env),
        storage: loadStorageMeterConfig(process.env),
        payments: loadPaymentsConfig(process.env),
        invoicing: loadInvoicingConfig(process.env),
      }),
    ]),
  migrations: [...backboneMigrations, ...billingUsageMigrations],
  embeddedDatabaseAllowed: false,
});
