export * from './gateway-config.js';
export { GatewayModule } from './gateway.module.js';
export { ServiceDocuments, WEBHOOK_PREFIXES } from './gateway-routes.js';
export { RouteTable, isRouteMiss, type RouteMiss, type RouteTarget, type ServiceDocument } from './route-table.js';
