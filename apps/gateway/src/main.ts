import 'reflect-metadata';
import { BillingPortsModule } from '@weft/billing-feature';
import { IdentityEdgeModule, loadIdentityConfig } from '@weft/identity-feature';
import { GatewayModule, ServiceDocuments, loadGatewayConfig } from '@weft/gateway-feature';
import { ServiceModule, main } from '@weft/nest';
import { TenancyPortsModule, loadTenancyConfig } from '@weft/tenancy-feature';

// What the services answered with: the route table, and the public /docs (merged).
const documents = new ServiceDocuments();

main({
  name: 'gateway',
  description: 'Weft public API (distributed deployment): every route of the services, checked at the edge and forwarded over @nestjs/microservices.',
  module: (deps) =>
    ServiceModule.register(deps, [
      // Shares JWT_SECRET (or JWT_KEYS) with identity: it checks bearer tokens itself.
      IdentityEdgeModule.forRoot({ config: loadIdentityConfig(process.env) }),
      TenancyPortsModule.forRoot({ config: loadTenancyConfig(process.env) }),
      // API calls are counted where they enter (billing_api_calls, migrated by the billing service).
      BillingPortsModule.forRoot({ edge: true }),
      GatewayModule.forRoot(loadGatewayConfig(process.env), documents),
    ]),
  // The read models it checks against (api_keys, organization_users) are the projector's.
  migrations: [],
  embeddedDatabaseAllowed: false,
  http: { bodies: 'raw', idempotency: false, openApiDocument: (own) => documents.merged(own) },
});
