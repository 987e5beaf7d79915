export * from './database.js';
export * from './embedded-postgres.js';
export * from './migrations.js';
export { QueryDatabase, type QueryDatabaseOptions, type ReplicaState } from './query-database.js';
export {
  TENANT_POLICY,
  TENANT_READER_ROLE,
  TENANT_SETTING,
  type TenantIsolationOptions,
  type TenantReadSource,
  type TenantTransaction,
  tenantIsolationDdl,
  tenantIsolationMigrations,
  withTenant,
} from './tenant-isolation.js';
export { SqlWhere, containsPattern } from './sql-where.js';
export { walInsertPosition, walReplayPosition } from './wal-position.js';
