import { eventStoreMigrations } from '@weft/eventstore';
import { throttleStoreMigrations } from '@weft/identity-feature';
import { relayMigrations } from '@weft/messaging';
import { idempotencyMigrations } from '@weft/nest';
import { type Migration, tenantIsolationMigrations } from '@weft/postgres';
import { projectionMigrations } from '@weft/projections';
import { executionPayloadMigrations, executionWorkerMigrations, scheduleStateMigrations } from '@weft/execution-feature';
import { credentialDataKeyMigrations } from '@weft/workflows-feature';

/**
 * Every library's migrations, applied together in id order at start-up. The relay's
 * table is here too, so an embedded database can later be served by the distributed apps.
 */
export const platformMigrations: readonly Migration[] = [...eventStoreMigrations, ...relayMigrations, ...projectionMigrations, ...tenantIsolationMigrations, ...idempotencyMigrations, ...throttleStoreMigrations, ...credentialDataKeyMigrations, ...executionPayloadMigrations, ...scheduleStateMigrations, ...executionWorkerMigrations];
