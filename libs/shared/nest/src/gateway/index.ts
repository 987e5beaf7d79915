export * from './forwarded-http.js';
export { ForwardedHttpController } from './forwarded-http.controller.js';
export * from './gateway-config.js';
export { GatewayModule } from './gateway.module.js';
export { ServiceDocuments, WEBHOOK_PREFIXES } from './gateway-routes.js';
export { RouteTable, isRouteMiss, type RouteMiss, type RouteTarget, type ServiceDocument } from './route-table.js';
