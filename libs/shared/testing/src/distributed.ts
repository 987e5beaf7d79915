import { randomBytes } from 'node:crypto';
import { testEnvironment } from './environment.js';
import { uniqueTopic } from './kafka.js';
import { type StartedPlatform, startPlatform } from './platform.js';

/** The distributed deployment on one machine: each app its own process, one database, Kafka. */
export interface StartedDistribution extends StartedPlatform {
  /** Every process by app name (the gateway's is `gateway`, also the `baseUrl` above). */
  readonly apps: Readonly<Record<DistributedApp, StartedPlatform>>;
  /** The worker processes (`apps.worker` is the first). */
  readonly workers: readonly StartedPlatform[];
}

export const SERVICE_APPS = ['identity', 'tenancy', 'workflows', 'execution', 'billing'] as const;
export type DistributedApp = (typeof SERVICE_APPS)[number] | 'projector' | 'gateway' | 'worker';

/**
 * Starts the projector, the five services (each answering the gateway on its own RPC
 * port), `workers` worker processes (default 1: they take the executions from Kafka)
 * and the gateway against `databaseUrl` and the real Kafka broker, with a topic
 * prefix of their own (also their Redis key prefix), and waits until the gateway is ready (it has every service's
 * routes). `stop` stops them all, the gateway first.
 */
export async function startDistributed(options: {
  readonly databaseUrl: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly workers?: number;
}): Promise<StartedDistribution> {
  const env: Record<string, string> = {
    DATABASE_URL: options.databaseUrl,
    KAFKA_TOPIC_PREFIX: uniqueTopic('weft-dist').replace(/[^A-Za-z0-9._-]/g, '-'),
    JWT_SECRET: randomBytes(32).toString('hex'),
    CREDENTIALS_MASTER_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    // The shared catalog cache, as deployed (keys under the run's own topic prefix).
    REDIS_URL: testEnvironment().redisUrl,
    ...options.env,
  };
  const started: Partial<Record<DistributedApp, StartedPlatform>> = {};
  const workers: StartedPlatform[] = [];
  const stopAll = async () => {
    await started.gateway?.stop();
    await Promise.all([...SERVICE_APPS.flatMap((app) => started[app]?.stop() ?? []), ...workers.map((worker) => worker.stop())]);
    await started.projector?.stop();
  };
  try {
    // The projector first: it owns the read models' tables the others read.
    started.projector = await startPlatform({ app: 'projector', env });
    // RPC port 0: each service binds one the OS chooses and logs it (no race with other suites' processes).
    await Promise.all([
      ...SERVICE_APPS.map(async (app) => {
        started[app] = await startPlatform({ app, env: { ...env, SERVICE_RPC_PORT: '0', LOG_LEVEL: 'log' } });
      }),
      ...Array.from({ length: options.workers ?? 1 }, async () => {
        workers.push(await startPlatform({ app: 'worker', env }));
      }),
    ]);
    started.worker = workers[0];
    const services = SERVICE_APPS.map((app) => `${app}=127.0.0.1:${rpcPortOf(app, started[app]!)}`).join(',');
    started.gateway = await startPlatform({ app: 'gateway', env: { ...env, GATEWAY_SERVICES: services } });
  } catch (error) {
    await stopAll();
    throw error;
  }
  const apps = started as Record<DistributedApp, StartedPlatform>;
  const gateway = apps.gateway;
  return {
    baseUrl: gateway.baseUrl,
    pid: gateway.pid,
    apps,
    workers,
    output: () =>
      Object.entries(apps)
        .map(([name, app]) => `--- ${name} ---\n${app.output()}`)
        .join('\n'),
    stop: stopAll,
    kill: async (signal) => {
      await Promise.all([...Object.values(apps), ...workers].map((app) => app.kill(signal)));
    },
  };
}

function rpcPortOf(app: string, process: StartedPlatform): number {
  const match = /answering the gateway on tcp:\/\/[^:\s]+:(\d+)/.exec(process.output());
  if (match === null) throw new Error(`${app} is ready but did not say where it answers the gateway:\n${process.output()}`);
  return Number(match[1]);
}
