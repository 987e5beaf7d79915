import { loadPlatformConfig } from '@weft/config';
import { openDatabase } from '@weft/nest';
import { migrateUp } from '@weft/postgres';
import { ConfiguredKeyProvider, PostgresDataKeyStore, loadCredentialKeysConfig, persistedMasterKeys, rewrapDataKeys } from '@weft/workflows-feature';
import { platformMigrations } from './migrations.js';

// The master-key rotation command (docs/credentials.md, "Rotate the master key"):
// `npm run credentials:rewrap` with the same DATABASE_URL / WEFT_DATA_DIR and
// CREDENTIALS_MASTER_KEYS (new key first) as the platform. Prints ids and counts only.

async function rewrap(): Promise<void> {
  const config = loadPlatformConfig();
  const keys = loadCredentialKeysConfig(process.env, { generatedMasterKeys: persistedMasterKeys(config.dataDir) });
  const opened = await openDatabase(config, 'credentials-rewrap');
  try {
    await migrateUp(opened.database, platformMigrations);
    const report = await rewrapDataKeys(new PostgresDataKeyStore(opened.database), new ConfiguredKeyProvider(keys.masterKeys));
    process.stdout.write(`${JSON.stringify({ database: opened.description, ...report })}\n`);
  } finally {
    await opened.close();
  }
}

rewrap().catch((error: unknown) => {
  process.stderr.write(`credentials rewrap failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
