import path from 'node:path';
import { Database, EmbeddedPostgres } from '@weft/postgres';
import { type PlatformConfig } from '@weft/nest';

export interface OpenedDatabase {
  readonly database: Database;
  readonly description: string;
  close(): Promise<void>;
}

/** The PostgreSQL at DATABASE_URL when set; otherwise the embedded one in the data folder. */
export async function openDatabase(config: PlatformConfig): Promise<OpenedDatabase> {
  if (config.databaseUrl) {
    const database = new Database({ url: config.databaseUrl, maxConnections: 10, applicationName: 'weft-platform' });
    const { hostname, port, pathname } = new URL(config.databaseUrl);
    return { database, description: `PostgreSQL at ${hostname}:${port || 5432}${pathname}`, close: () => database.close() };
  }
  const dataDir = path.join(config.dataDir, 'pglite');
  const embedded = await EmbeddedPostgres.start(dataDir);
  const database = new Database({ url: embedded.url, maxConnections: 1, applicationName: 'weft-platform' });
  return {
    database,
    description: `embedded PostgreSQL (PGlite) in ${dataDir}`,
    async close() {
      await database.close();
      await embedded.stop();
    },
  };
}
