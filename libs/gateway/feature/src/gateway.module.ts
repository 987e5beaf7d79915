import { type DynamicModule, Module } from '@nestjs/common';
import { AccessCheck, HealthModule, ReadinessRegistry } from '@weft/http';
import { type GatewayConfig } from './gateway-config.js';
import { GatewayController } from './gateway.controller.js';
import { GatewayRoutes, type ServiceDocuments } from './gateway-routes.js';
import { ServiceLinks } from './service-links.js';

/**
 * The distributed gateway: routes from the services' documents, the edge access check
 * (the app imports the modules providing `AUTHENTICATOR` and `MEMBERSHIPS`), forwarding
 * over `@nestjs/microservices`. `documents` also feeds the app's /docs
 * (`openApiDocument: (own) => documents.merged(own)`).
 */
@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig, documents: ServiceDocuments): DynamicModule {
    const links = new ServiceLinks(config);
    return {
      module: GatewayModule,
      imports: [HealthModule],
      controllers: [GatewayController],
      providers: [
        { provide: ServiceLinks, useValue: links },
        AccessCheck,
        {
          provide: GatewayRoutes,
          useFactory: (readiness: ReadinessRegistry) => new GatewayRoutes(config, links, readiness, documents),
          inject: [ReadinessRegistry],
        },
      ],
    };
  }
}
