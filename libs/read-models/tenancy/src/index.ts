export { TENANCY_PROJECTION, tenancyProjection } from './tenancy-projection.js';
export * from './tenant-queries.js';
export * from './platform-queries.js';

/** The read model's MikroORM entities, loaded (with MikroORM) on first use rather than when the library is imported. */
export const loadTenancyEntities = async () => (await import('./tenancy-entities.js')).tenancyEntities;
