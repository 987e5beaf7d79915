import { ConfigError, integerSetting } from '@weft/config';

export interface GatewayService {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

export interface GatewayConfig {
  readonly services: readonly GatewayService[];
  /** How long the gateway waits for a service's answer (a webhook with `lastNode` waits for its run). */
  readonly forwardTimeoutMs: number;
  /** How often the route table is rebuilt from the services' documents (new versions add routes). */
  readonly routeRefreshMs: number;
}

const ENTRY = /^([a-z][a-z0-9-]*)=([^\s:/]+):(\d{1,5})$/;

/** `GATEWAY_SERVICES=identity=identity:4000,tenancy=tenancy:4000,...`: where each service answers the gateway. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const raw = env['GATEWAY_SERVICES'] ?? '';
  const services = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const match = ENTRY.exec(entry);
      if (match === null) throw new ConfigError('GATEWAY_SERVICES', `entries are name=host:port, got "${entry}"`);
      return { name: match[1] ?? '', host: match[2] ?? '', port: Number(match[3]) };
    });
  if (services.length === 0) throw new ConfigError('GATEWAY_SERVICES', 'is required: name=host:port of every service, comma-separated');
  return {
    services,
    forwardTimeoutMs: integerSetting(env, 'GATEWAY_FORWARD_TIMEOUT_MS', 120_000, 100, 3_600_000),
    routeRefreshMs: integerSetting(env, 'GATEWAY_ROUTE_REFRESH_MS', 30_000, 1_000, 3_600_000),
  };
}
