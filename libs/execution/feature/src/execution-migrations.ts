import { type Migration } from '@weft/postgres';
import { executionsArchiveDdl } from '@weft/read-model-executions';
import { executionWorkerMigrations } from './executions/execution-workers.js';
import { executionPayloadMigrations } from './runner/execution-payload-store.js';
import { scheduleStateMigrations } from './schedules/schedule-state.js';

/**
 * `executions_archive`: the runs retention moved out of `executions` (executions-archive.ts).
 * A migration, not a projection table: a rebuild of the read model must not empty it.
 */
const executionsArchiveMigrations: readonly Migration[] = [
  { id: '202612071200_executions_archive', up: executionsArchiveDdl().join(';\n'), down: 'drop table if exists executions_archive' },
];

/** The tables a process that runs or serves executions needs: payloads kept outside the events, schedule state, worker heartbeats, the archive. */
export const executionRuntimeMigrations: readonly Migration[] = [
  ...executionPayloadMigrations,
  ...scheduleStateMigrations,
  ...executionWorkerMigrations,
  ...executionsArchiveMigrations,
];
