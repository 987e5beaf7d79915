import { type Migration } from '@weft/postgres';
import { executionWorkerMigrations } from './executions/execution-workers.js';
import { executionPayloadMigrations } from './runner/execution-payload-store.js';
import { scheduleStateMigrations } from './schedules/schedule-state.js';

/** The tables a process that runs or serves executions needs: payloads kept outside the events, schedule state, worker heartbeats. */
export const executionRuntimeMigrations: readonly Migration[] = [...executionPayloadMigrations, ...scheduleStateMigrations, ...executionWorkerMigrations];
