export { EXECUTIONS_PROJECTION, executionsProjection } from './executions-projection.js';
export { API_STATUSES, ENGINE_STATUSES, EXECUTION_LOG_PARTITIONS, MODES, PARTITION_MONTHS_AHEAD } from './executions-tables.js';
export * from './executions-queries.js';
export * from './execution-log-queries.js';
export * from './execution-stats-queries.js';
export {
  type PartitionInfo,
  type PruneOptions,
  dropExecutionPartitionsBefore,
  ensureExecutionPartitions,
  monthlyPartitionName,
  partitionsOf,
  pruneExecutionLogsBefore,
  pruneExecutionsBefore,
  pruneRowsBefore,
} from './executions-partitions.js';
export {
  EXECUTIONS_ARCHIVE,
  archiveExecutionsBefore,
  dropEmptyPartitionsBefore,
  ensureArchivePartitions,
  executionsArchiveDdl,
  syncArchiveColumns,
} from './executions-archive.js';

/** The read model's MikroORM entities, loaded (with MikroORM) on first use rather than when the library is imported. */
export const loadExecutionsEntities = async () => (await import('./executions-entities.js')).executionsEntities;
