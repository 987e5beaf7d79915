import { executionRuntimeMigrations } from '@weft/execution-feature';
import { throttleStoreMigrations } from '@weft/identity-feature';
import { backboneMigrations } from '@weft/nest';
import { billingUsageMigrations } from '@weft/read-model-billing';
import { type Migration } from '@weft/postgres';
import { credentialDataKeyMigrations } from '@weft/workflows-feature';

/**
 * Every library's migrations, applied together in id order at start-up. The relay's
 * table is here too, so an embedded database can later be served by the distributed apps.
 */
export const platformMigrations: readonly Migration[] = [
  ...backboneMigrations,
  ...throttleStoreMigrations,
  ...credentialDataKeyMigrations,
  ...executionRuntimeMigrations,
  ...billingUsageMigrations,
];
