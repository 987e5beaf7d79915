import { type AddressInfo, type Server } from 'node:net';
import { type DynamicModule } from '@nestjs/common';
import { type MicroserviceOptions, Transport } from '@nestjs/microservices';
import { type Database, type Migration, type QueryDatabase, migrateUp } from '@weft/postgres';
import { type PlatformConfig, loadPlatformConfig } from '@weft/config';
import { openDatabase } from './database-connection.js';
import { type HttpApplicationOptions, createHttpApplication, createLogger } from '@weft/http';

/** What every app's root module is built from. */
export interface ServiceDependencies {
  /** The primary. */
  readonly database: Database;
  /** What the query APIs read (a replica at DATABASE_READ_URL, else the primary). */
  readonly queryDatabase: QueryDatabase;
  readonly config: PlatformConfig;
}

export interface HttpServiceDefinition {
  /** Short name: logs, the database application name, the OpenAPI title. */
  readonly name: string;
  readonly description: string;
  /** Builds the root module once the database is open. */
  readonly module: (deps: ServiceDependencies) => DynamicModule;
  readonly migrations: readonly Migration[];
  /** The embedded database is for the one-process platform only. */
  readonly embeddedDatabaseAllowed: boolean;
  /** HTTP settings of this app (the gateway forwards bodies raw and leaves Idempotency-Key to the services). */
  readonly http?: Pick<HttpApplicationOptions, 'idempotency' | 'bodies' | 'openApiDocument'>;
}

/**
 * Starts one Weft process: configuration (fail fast), database and migrations, the
 * HTTP application, graceful shutdown on SIGTERM/SIGINT. Every app's main.ts is a call
 * to this with its own module.
 */
export async function runHttpService(definition: HttpServiceDefinition): Promise<void> {
  const config = loadPlatformConfig();
  const logger = createLogger(config, definition.name);
  const opened = await openDatabase(config, definition.name, definition.embeddedDatabaseAllowed);
  logger.log(`database: ${opened.description}`);
  const applied = await migrateUp(opened.database, definition.migrations);
  if (applied.length > 0) logger.log(`migrations applied: ${applied.join(', ')}`);

  const app = await createHttpApplication(definition.module({ database: opened.database, queryDatabase: opened.queryDatabase, config }), config, {
    title: `Weft ${definition.name}`,
    description: definition.description,
    ...definition.http,
  });
  if (config.serviceRpcPort !== undefined) {
    // Not inheriting the HTTP app's pipes and filters: the forwarded request meets them inside.
    const rpc = app.connectMicroservice<MicroserviceOptions>({ transport: Transport.TCP, options: { host: config.host, port: config.serviceRpcPort } });
    await app.startAllMicroservices();
    // Port 0 lets the OS choose (tests): the line below says which.
    const bound = rpc.unwrap<Server>().address() as AddressInfo;
    logger.log(`answering the gateway on tcp://${config.host}:${bound.port}`);
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`);
    await app.close();
    await opened.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  await app.listen(config.port, config.host);
  logger.log(`${definition.name} listening on http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port} (docs at /docs)`);
}

/** For main.ts: run, and exit non-zero with the reason when start-up fails. */
export function main(definition: HttpServiceDefinition): void {
  runHttpService(definition).catch((error: unknown) => {
    console.error(error instanceof Error ? (error.name === 'ConfigError' ? error.message : error.stack) : error);
    process.exit(1);
  });
}
