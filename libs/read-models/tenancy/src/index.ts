export { TENANCY_PROJECTION, tenancyProjection } from './tenancy-projection.js';
export * from './tenancy-queries.js';
