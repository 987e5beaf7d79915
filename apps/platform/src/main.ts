import 'reflect-metadata';
import { BillingModule, BillingPortsModule, loadBillingConfig, loadInvoicingConfig, loadPaymentsConfig, loadStorageMeterConfig } from '@weft/billing-feature';
import { EXECUTION_CATALOG_PROJECTION, ExecutionsModule, executionCatalogProjection, loadExecutionConfig } from '@weft/execution-feature';
import { IdentityAccessModule, IdentityModule, loadIdentityConfig, persistedSecret } from '@weft/identity-feature';
import { BackboneModule, ProjectionsModule, ServiceModule, main } from '@weft/nest';
import { invoicesProjection, plansProjection, subscriptionsProjection, usageProjection } from '@weft/read-model-billing';
import { executionsProjection } from '@weft/read-model-executions';
import { tenancyProjection } from '@weft/read-model-tenancy';
import { apiKeysProjection, usersProjection } from '@weft/read-model-users';
import { credentialsProjection, workflowsProjection } from '@weft/read-model-workflows';
import { TenancyModule, loadTenancyConfig } from '@weft/tenancy-feature';
import { CredentialsModule, WorkflowsModule, loadCredentialKeysConfig, persistedMasterKeys } from '@weft/workflows-feature';
import { platformMigrations } from './migrations.js';

// Every read model, with the contexts whose events feed it.
const readModels = [
  { definition: usersProjection, contexts: ['identity'] },
  { definition: apiKeysProjection, contexts: ['identity'] },
  { definition: tenancyProjection, contexts: ['tenancy', 'billing'] },
  { definition: workflowsProjection, contexts: ['workflows', 'execution'] },
  { definition: credentialsProjection, contexts: ['workflows', 'execution'] },
  { definition: executionCatalogProjection, contexts: ['workflows'] },
  { definition: executionsProjection, contexts: ['execution'] },
  { definition: plansProjection, contexts: ['billing'] },
  { definition: subscriptionsProjection, contexts: ['billing', 'tenancy'] },
  { definition: usageProjection, contexts: ['execution', 'workflows', 'tenancy'] },
  { definition: invoicesProjection, contexts: ['billing'] },
];

main({
  name: 'platform',
  description: 'Workflow automation platform: the public HTTP API (embedded deployment: everything in one process).',
  module: (deps) =>
    ServiceModule.register(deps, [
      BackboneModule.forRoot({ ...deps, relay: false }),
      ProjectionsModule.forRoot({ ...deps, projections: readModels, source: 'store' }),
      // With no JWT_SECRET, a secret generated once in the data folder: a fresh machine needs no configuration.
      IdentityModule.forRoot({ config: loadIdentityConfig(process.env, { generatedSecret: persistedSecret(deps.config.dataDir) }) }),
      IdentityAccessModule,
      TenancyModule.forRoot({ config: loadTenancyConfig(process.env) }),
      WorkflowsModule.forRoot({ alsoWaitFor: [EXECUTION_CATALOG_PROJECTION] }),
      // With no CREDENTIALS_MASTER_KEYS, a key generated once in the data folder (0600); back it up apart from the database.
      CredentialsModule.forRoot({ keys: loadCredentialKeysConfig(process.env, { generatedMasterKeys: persistedMasterKeys(deps.config.dataDir) }) }),
      ExecutionsModule.forRoot({ config: loadExecutionConfig(process.env) }),
      BillingModule.forRoot({
        config: loadBillingConfig(process.env),
        storage: loadStorageMeterConfig(process.env),
        payments: loadPaymentsConfig(process.env),
        invoicing: loadInvoicingConfig(process.env),
      }),
      // The platform is where requests enter in the embedded mode: API calls are counted here.
      BillingPortsModule.forRoot({ edge: true }),
    ]),
  migrations: platformMigrations,
  embeddedDatabaseAllowed: true,
});
