import 'reflect-metadata';
import { createHttpApplication, createLogger, loadPlatformConfig } from '@weft/nest';
import { migrateUp } from '@weft/postgres';
import { openDatabase } from './database.js';
import { platformMigrations } from './migrations.js';
import { PlatformModule } from './platform.module.js';

async function main(): Promise<void> {
  const config = loadPlatformConfig();
  const logger = createLogger(config, 'platform');
  const opened = await openDatabase(config);
  logger.log(`database: ${opened.description}`);
  const applied = await migrateUp(opened.database, platformMigrations);
  if (applied.length > 0) logger.log(`migrations applied: ${applied.join(', ')}`);

  const app = await createHttpApplication(PlatformModule.register({ database: opened.database }), config, {
    title: 'Weft',
    description: 'Workflow automation platform: the public HTTP API (embedded deployment).',
  });
  const shutdown = async (signal: string) => {
    logger.log(`${signal}: shutting down`);
    await app.close();
    await opened.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  await app.listen(config.port, config.host);
  logger.log(`Weft listening on http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port} (docs at /docs)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
