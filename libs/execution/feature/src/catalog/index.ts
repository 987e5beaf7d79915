export { EXECUTION_CATALOG_PROJECTION, executionCatalogProjection } from './catalog-projection.js';
export { catalogTables } from './catalog-tables.js';
export {
  type ActiveRoute,
  type ActiveSchedule,
  type ActiveSchedules,
  type ActiveWebhook,
  type ActiveWorkflow,
  type CatalogWorkflowVersion,
  type WorkflowDefinition,
  findActiveRoute,
  findActiveWorkflow,
  findCatalogPositions,
  findWorkflowVersion,
  listActiveSchedules,
} from './catalog-queries.js';
export { ActiveWorkflowCache, type ActiveWorkflowCacheOptions, type CatalogLoader, catalogLoader } from './active-workflow-cache.js';
export { CatalogInvalidator, type InvalidatableCache } from './catalog-invalidator.js';
export { catalogWorkflowIdOf, globalPositionOf } from './catalog-events.js';
export { RedisCatalogLoader, type RedisCatalogOptions, type RedisCatalogStats } from './redis-catalog-loader.js';
export { type CatalogRedisConfig, catalogRedisClient, loadCatalogRedisConfig } from './redis-catalog-client.js';

/** The execution catalog's MikroORM entities, loaded (with MikroORM) on first use. */
export const loadCatalogEntities = async () => (await import('./catalog-entities.js')).catalogEntities;
