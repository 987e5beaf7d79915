import path from 'node:path';

/** Platform configuration, read once at start-up from the environment and validated. */
export interface PlatformConfig {
  readonly port: number;
  readonly host: string;
  /** Set: use this PostgreSQL. Unset: the embedded PostgreSQL in `dataDir`. */
  readonly databaseUrl: string | undefined;
  /**
   * Set: a streaming replica of `databaseUrl` that the query APIs read (read-your-writes
   * still holds: a read waits for the replica, bounded, else reads the primary). Needs `databaseUrl`.
   */
  readonly databaseReadUrl: string | undefined;
  /** How long a query waits for the replica to replay its organization's last write before reading the primary. */
  readonly readReplicaMaxWaitMs: number;
  /** Connections a process opens to the PostgreSQL server (appends, projections and reads share them). */
  readonly databasePoolSize: number;
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  readonly corsOrigins: readonly string[];
  readonly bodyLimitBytes: number;
  /** Deepest nesting of arrays and objects in a JSON body to `/webhook/` and `/webhook-waiting/` (API bodies: 64). */
  readonly webhookBodyMaxDepth: number;
  /** Kafka bootstrap servers; used by the distributed apps (the embedded platform has no Kafka). */
  readonly kafkaBrokers: readonly string[];
  /** Prefix of Weft's Kafka topics and consumer groups, so several deployments (or test runs) can share a broker. */
  readonly kafkaTopicPrefix: string;
  /** How long a command's answer waits for the read models to show it (read-your-writes). */
  readonly readYourWritesTimeoutMs: number;
  /**
   * Set: the process also answers the gateway over `@nestjs/microservices` (TCP) on this
   * port (distributed mode). Unset: no listener (the embedded platform is its own gateway).
   */
  readonly serviceRpcPort: number | undefined;
  /** `Strict-Transport-Security` max-age in seconds; 0 (default) sends none: only a TLS deployment should send it. */
  readonly hstsMaxAgeSeconds: number;
}

export type LogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';
const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Configuration variable ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

/** An integer variable within [min, max], `fallback` when unset; a `ConfigError` naming it otherwise. */
export function integerSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

function postgresUrl(env: NodeJS.ProcessEnv, name: 'DATABASE_URL' | 'DATABASE_READ_URL'): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be a postgres:// URL');
  }
  if (!['postgres:', 'postgresql:'].includes(parsed.protocol)) throw new ConfigError(name, 'must be a postgres:// URL');
  return raw;
}

/** The replica is of a PostgreSQL server: the embedded database (no DATABASE_URL) has none. */
function databaseReadUrl(env: NodeJS.ProcessEnv): string | undefined {
  const url = postgresUrl(env, 'DATABASE_READ_URL');
  if (url !== undefined && postgresUrl(env, 'DATABASE_URL') === undefined)
    throw new ConfigError('DATABASE_READ_URL', 'needs DATABASE_URL: it names a replica of that server, and the embedded database has none');
  return url;
}

function logLevel(env: NodeJS.ProcessEnv): LogLevel {
  const raw = (env['LOG_LEVEL'] ?? 'log') as LogLevel;
  if (!LOG_LEVELS.includes(raw)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  return raw;
}

function kafkaBrokers(env: NodeJS.ProcessEnv): string[] {
  const brokers = (env['KAFKA_BROKERS'] || '127.0.0.1:9092')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  for (const broker of brokers) {
    if (!/^[^\s:/]+:\d{1,5}$/.test(broker)) throw new ConfigError('KAFKA_BROKERS', `must be a comma-separated list of host:port, got "${broker}"`);
  }
  return brokers;
}

function kafkaTopicPrefix(env: NodeJS.ProcessEnv): string {
  const prefix = env['KAFKA_TOPIC_PREFIX'] || 'weft';
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(prefix)) throw new ConfigError('KAFKA_TOPIC_PREFIX', 'may hold only letters, digits, ".", "_" and "-"');
  return prefix;
}

export function loadPlatformConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): PlatformConfig {
  return {
    port: integerSetting(env, 'PORT', 3000, 0, 65_535),
    host: env['HOST'] || '0.0.0.0',
    databaseUrl: postgresUrl(env, 'DATABASE_URL'),
    databaseReadUrl: databaseReadUrl(env),
    readReplicaMaxWaitMs: integerSetting(env, 'READ_REPLICA_MAX_WAIT_MS', 500, 0, 60_000),
    dataDir: path.resolve(cwd, env['WEFT_DATA_DIR'] || '.data'),
    logLevel: logLevel(env),
    corsOrigins: (env['CORS_ORIGINS'] ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    bodyLimitBytes: integerSetting(env, 'BODY_LIMIT_BYTES', 1_048_576, 1_024, 104_857_600),
    // At most 512: the run wraps the body ({json: {body}}) and nodes may nest it further, up to the engine's 1,000 levels.
    webhookBodyMaxDepth: integerSetting(env, 'WEBHOOK_BODY_MAX_DEPTH', 256, 1, 512),
    databasePoolSize: integerSetting(env, 'DATABASE_POOL_SIZE', 20, 2, 500),
    kafkaBrokers: kafkaBrokers(env),
    kafkaTopicPrefix: kafkaTopicPrefix(env),
    readYourWritesTimeoutMs: integerSetting(env, 'READ_YOUR_WRITES_TIMEOUT_MS', 3_000, 0, 60_000),
    serviceRpcPort: env['SERVICE_RPC_PORT'] ? integerSetting(env, 'SERVICE_RPC_PORT', 0, 0, 65_535) : undefined,
    hstsMaxAgeSeconds: integerSetting(env, 'HSTS_MAX_AGE_SECONDS', 0, 0, 63_072_000),
  };
}
