import path from 'node:path';
import { Database, EmbeddedPostgres } from '@weft/postgres';
import { ConfigError, type PlatformConfig } from '@weft/config';

export interface OpenedDatabase {
  readonly database: Database;
  readonly description: string;
  close(): Promise<void>;
}

/**
 * The PostgreSQL at DATABASE_URL when set; otherwise the embedded one in the data
 * folder, unless `embeddedAllowed` is false (distributed services need a real server).
 */
export async function openDatabase(config: PlatformConfig, service: string, embeddedAllowed = true): Promise<OpenedDatabase> {
  if (config.databaseUrl) {
    const database = new Database({ url: config.databaseUrl, maxConnections: config.databasePoolSize, applicationName: `weft-${service}` });
    const { hostname, port, pathname } = new URL(config.databaseUrl);
    return { database, description: `PostgreSQL at ${hostname}:${port || 5432}${pathname}`, close: () => database.close() };
  }
  if (!embeddedAllowed) throw new ConfigError('DATABASE_URL', `must be set: the ${service} service runs against a PostgreSQL server`);
  const dataDir = path.join(config.dataDir, 'pglite');
  const embedded = await EmbeddedPostgres.start(dataDir);
  const database = new Database({ url: embedded.url, maxConnections: 1, applicationName: `weft-${service}` });
  return {
    database,
    description: `embedded PostgreSQL (PGlite) in ${dataDir}`,
    async close() {
      await database.close();
      await embedded.stop();
    },
  };
}
