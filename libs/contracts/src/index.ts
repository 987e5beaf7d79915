export { type PublicEvent, type PublicEventMetadata } from './public-event.js';
export * from './identity/index.js';
export * from './tenancy/index.js';
export * from './workflows/index.js';
export * from './execution/index.js';
export * from './publication.js';
export * from './billing/index.js';
