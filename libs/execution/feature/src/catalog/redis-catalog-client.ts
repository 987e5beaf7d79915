import { ConfigError } from '@weft/config';
import { type Redis } from 'ioredis';

/** Where the distributed processes share the catalog cache. */
export interface CatalogRedisConfig {
  readonly url: string;
  /** Keys are `{<keyPrefix>:catalog}:…`: several deployments (or test runs) can share a Redis. */
  readonly keyPrefix: string;
}

/**
 * REDIS_URL (`redis://` or `rediss://`; unset: no shared cache, each process caches in
 * memory only) and REDIS_KEY_PREFIX (default KAFKA_TOPIC_PREFIX, else `weft`).
 */
export function loadCatalogRedisConfig(env: NodeJS.ProcessEnv): CatalogRedisConfig | undefined {
  const url = env['REDIS_URL']?.trim();
  if (url === undefined || url === '') return undefined;
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new ConfigError('REDIS_URL', 'must be a redis:// or rediss:// URL');
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:') throw new ConfigError('REDIS_URL', 'must be a redis:// or rediss:// URL');
  const keyPrefix = env['REDIS_KEY_PREFIX'] || env['KAFKA_TOPIC_PREFIX'] || 'weft';
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(keyPrefix)) throw new ConfigError('REDIS_KEY_PREFIX', 'may hold only letters, digits, ".", "_" and "-"');
  return { url, keyPrefix };
}

/**
 * An ioredis client for the hot path: a command fails at once while the connection is
 * down (no offline queue, one try, 500 ms timeout) so a webhook falls back to
 * PostgreSQL instead of waiting; the client keeps reconnecting in the background
 * (backoff up to 2 s). Not connected yet: call `connect()`. The client library is loaded
 * here, only when a Redis is configured: the embedded mode never needs it (~60 ms of start-up).
 */
export async function catalogRedisClient(config: CatalogRedisConfig): Promise<Redis> {
  const { Redis } = await import('ioredis');
  const client = new Redis(config.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 500,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    connectionName: 'weft-catalog',
  });
  // The loader reports an outage once; without a listener ioredis prints every failed reconnect.
  client.on('error', () => undefined);
  return client;
}
