/** The harness's view of the environment, read once. Defaults match `npm run infra:up`. */
export interface TestEnvironment {
  readonly databaseUrl: string;
  readonly kafkaBrokers: readonly string[];
  /** The Redis of the distributed mode's shared caches (`npm run infra:up` starts one). */
  readonly redisUrl: string;
}

let cached: TestEnvironment | undefined;

export function testEnvironment(): TestEnvironment {
  cached ??= {
    databaseUrl: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    kafkaBrokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',').map((b) => b.trim()),
    redisUrl: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
  };
  return cached;
}
