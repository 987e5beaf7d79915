import { ConfigError, loadPlatformConfig } from './config.js';

describe('platform configuration', () => {
  it('has defaults for a fresh machine: port 3000, embedded database in .data', () => {
    const config = loadPlatformConfig({}, '/srv/weft');
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      dataDir: '/srv/weft/.data',
      logLevel: 'log',
      corsOrigins: [],
      kafkaBrokers: ['127.0.0.1:9092'],
      kafkaTopicPrefix: 'weft',
      readYourWritesTimeoutMs: 3000,
      webhookBodyMaxDepth: 256,
    });
  });

  it('sends no HSTS unless HSTS_MAX_AGE_SECONDS says how long (a TLS deployment)', () => {
    expect(loadPlatformConfig({}).hstsMaxAgeSeconds).toBe(0);
    expect(loadPlatformConfig({ HSTS_MAX_AGE_SECONDS: '31536000' }).hstsMaxAgeSeconds).toBe(31_536_000);
  });

  it('reads from a replica only when DATABASE_READ_URL names one, waiting for it at most READ_REPLICA_MAX_WAIT_MS (default 500 ms)', () => {
    expect(loadPlatformConfig({ DATABASE_URL: 'postgres://u@db:5432/weft' })).toMatchObject({ databaseReadUrl: undefined, readReplicaMaxWaitMs: 500 });
    expect(
      loadPlatformConfig({ DATABASE_URL: 'postgres://u@db:5432/weft', DATABASE_READ_URL: 'postgres://u@db-replica:5432/weft', READ_REPLICA_MAX_WAIT_MS: '0' }),
    ).toMatchObject({ databaseReadUrl: 'postgres://u@db-replica:5432/weft', readReplicaMaxWaitMs: 0 });
  });

  it('reads the variables it is given', () => {
    const config = loadPlatformConfig(
      {
        PORT: '8080',
        DATABASE_URL: 'postgres://u@db:5432/weft',
        WEFT_DATA_DIR: '/var/weft',
        CORS_ORIGINS: 'https://a.example, https://b.example',
        KAFKA_BROKERS: 'k1:9092, k2:9093',
        WEBHOOK_BODY_MAX_DEPTH: '32',
      },
      '/srv',
    );
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://u@db:5432/weft',
      dataDir: '/var/weft',
      corsOrigins: ['https://a.example', 'https://b.example'],
      kafkaBrokers: ['k1:9092', 'k2:9093'],
      webhookBodyMaxDepth: 32,
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://u@db/weft', DATABASE_READ_URL: 'replica:5432' }, 'DATABASE_READ_URL'],
    // The embedded database has no replica.
    [{ DATABASE_READ_URL: 'postgres://u@db-replica/weft' }, 'DATABASE_READ_URL'],
    [{ DATABASE_URL: 'postgres://u@db/weft', READ_REPLICA_MAX_WAIT_MS: '-5' }, 'READ_REPLICA_MAX_WAIT_MS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ KAFKA_BROKERS: 'kafka' }, 'KAFKA_BROKERS'],
    [{ KAFKA_TOPIC_PREFIX: 'weft events' }, 'KAFKA_TOPIC_PREFIX'],
    [{ READ_YOUR_WRITES_TIMEOUT_MS: '-1' }, 'READ_YOUR_WRITES_TIMEOUT_MS'],
    [{ KAFKA_BROKERS: 'http://kafka:9092' }, 'KAFKA_BROKERS'],
    [{ HSTS_MAX_AGE_SECONDS: '-1' }, 'HSTS_MAX_AGE_SECONDS'],
    [{ HSTS_MAX_AGE_SECONDS: 'a year' }, 'HSTS_MAX_AGE_SECONDS'],
    [{ WEBHOOK_BODY_MAX_DEPTH: '0' }, 'WEBHOOK_BODY_MAX_DEPTH'],
    [{ WEBHOOK_BODY_MAX_DEPTH: '100000' }, 'WEBHOOK_BODY_MAX_DEPTH'],
  ])('fails fast naming the variable for %j', (env, variable) => {
    expect(() => loadPlatformConfig(env)).toThrow(ConfigError);
    expect(() => loadPlatformConfig(env)).toThrow(variable);
  });
});
