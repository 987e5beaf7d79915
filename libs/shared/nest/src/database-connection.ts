import path from 'node:path';
import { Logger } from '@nestjs/common';
import { Database, EmbeddedPostgres, QueryDatabase, type ReplicaState } from '@weft/postgres';
import { ConfigError, type PlatformConfig } from '@weft/config';

export interface OpenedDatabase {
  /** The primary: commands, the event store, projections, migrations, authentication lookups. */
  readonly database: Database;
  /** What the query APIs read: the replica at DATABASE_READ_URL when it has the organization's writes, else `database`. */
  readonly queryDatabase: QueryDatabase;
  readonly description: string;
  close(): Promise<void>;
}

// A replica that is gone must fail a read quickly: it is then read from the primary.
const REPLICA_CONNECT_TIMEOUT_MS = 2_000;

const where = (url: string) => {
  const { hostname, port, pathname } = new URL(url);
  return `${hostname}:${port || 5432}${pathname}`;
};

/**
 * The PostgreSQL at DATABASE_URL when set (and its streaming replica at
 * DATABASE_READ_URL for the query APIs); otherwise the embedded one in the data
 * folder, unless `embeddedAllowed` is false (distributed services need a real server).
 */
export async function openDatabase(config: PlatformConfig, service: string, embeddedAllowed = true): Promise<OpenedDatabase> {
  if (config.databaseUrl) {
    const database = new Database({ url: config.databaseUrl, maxConnections: config.databasePoolSize, applicationName: `weft-${service}` });
    if (!config.databaseReadUrl) {
      return {
        database,
        queryDatabase: QueryDatabase.primaryOnly(database),
        description: `PostgreSQL at ${where(config.databaseUrl)}`,
        close: () => database.close(),
      };
    }
    const replica = new Database({
      url: config.databaseReadUrl,
      maxConnections: config.databasePoolSize,
      applicationName: `weft-${service}-reads`,
      connectTimeoutMs: REPLICA_CONNECT_TIMEOUT_MS,
    });
    const queryDatabase = new QueryDatabase(database, replica, { maxWaitMs: config.readReplicaMaxWaitMs, onReplicaChange: logReplicaChange });
    return {
      database,
      queryDatabase,
      description: `PostgreSQL at ${where(config.databaseUrl)}, query APIs reading its replica at ${where(config.databaseReadUrl)}`,
      async close() {
        queryDatabase.stop();
        await Promise.all([replica.close(), database.close()]);
      },
    };
  }
  if (!embeddedAllowed) throw new ConfigError('DATABASE_URL', `must be set: the ${service} service runs against a PostgreSQL server`);
  const dataDir = path.join(config.dataDir, 'pglite');
  const embedded = await EmbeddedPostgres.start(dataDir);
  const database = new Database({ url: embedded.url, maxConnections: 1, applicationName: `weft-${service}` });
  return {
    database,
    queryDatabase: QueryDatabase.primaryOnly(database),
    description: `embedded PostgreSQL (PGlite) in ${dataDir}`,
    async close() {
      await database.close();
      await embedded.stop();
    },
  };
}

const replicaLog = new Logger('read-replica');

function logReplicaChange(state: ReplicaState): void {
  if (state.serving) replicaLog.log('the read replica answers again: the query APIs read it');
  else replicaLog.warn(`the read replica failed (${state.reason}): the query APIs read the primary until it answers again`);
}
