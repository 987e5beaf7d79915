export { TENANCY_PROJECTION, tenancyProjection } from './tenancy-projection.js';
export * from './tenant-queries.js';
export * from './platform-queries.js';
