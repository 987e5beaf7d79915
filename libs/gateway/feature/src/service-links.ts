import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ClientTCP } from '@nestjs/microservices';
import { TimeoutError, firstValueFrom, timeout } from 'rxjs';
import { type GatewayConfig } from './gateway-config.js';

/** The service did not answer: unreachable (503) or too slow (504). */
export class ServiceUnavailableError extends Error {
  constructor(
    readonly service: string,
    readonly timedOut: boolean,
    cause: unknown,
  ) {
    super(`${service} ${timedOut ? 'did not answer in time' : 'is unreachable'}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** One `@nestjs/microservices` TCP client per service; each reconnects on its next call after a failure. */
export class ServiceLinks implements OnApplicationShutdown {
  private readonly logger = new Logger('gateway');
  private readonly clients: ReadonlyMap<string, ClientTCP>;

  constructor(private readonly config: GatewayConfig) {
    this.clients = new Map(config.services.map((s) => [s.name, new ClientTCP({ host: s.host, port: s.port })]));
  }

  get names(): readonly string[] {
    return [...this.clients.keys()];
  }

  async send<T>(service: string, pattern: string, payload: unknown, timeoutMs = this.config.forwardTimeoutMs): Promise<T> {
    const client = this.clients.get(service);
    if (client === undefined) throw new ServiceUnavailableError(service, false, new Error('not configured in GATEWAY_SERVICES'));
    try {
      return await firstValueFrom(client.send<T>(pattern, payload).pipe(timeout(timeoutMs)));
    } catch (error) {
      if (!(error instanceof TimeoutError)) {
        this.logger.warn(`${service}: ${error instanceof Error ? error.message : String(error)}`);
        client.close();
      }
      throw new ServiceUnavailableError(service, error instanceof TimeoutError, error);
    }
  }

  onApplicationShutdown(): void {
    for (const client of this.clients.values()) client.close();
  }
}
