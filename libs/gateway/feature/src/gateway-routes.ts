import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type OpenAPIObject } from '@nestjs/swagger';
import { type ReadinessRegistry, SERVICE_OPENAPI_PATTERN } from '@weft/http';
import { type GatewayConfig } from './gateway-config.js';
import { type RouteMiss, RouteTable, type RouteTarget } from './route-table.js';
import { type ServiceLinks } from './service-links.js';

/** Paths chosen by the workflows themselves (not in any document): the execution service takes them, any method. */
export const WEBHOOK_PREFIXES = [
  { prefix: '/webhook/', service: 'execution' },
  { prefix: '/webhook-waiting/', service: 'execution' },
] as const;

const DOCUMENT_TIMEOUT_MS = 5_000;
const RETRY_MS = 1_000;

/**
 * The route table and the public OpenAPI document, both from the services' own
 * documents. Until every service has answered once the gateway is not ready (503 on
 * `/health/ready`); afterwards the table is rebuilt periodically and a service that
 * is away keeps its last known routes.
 */
export class GatewayRoutes implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('gateway');
  private table: RouteTable | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: GatewayConfig,
    private readonly links: ServiceLinks,
    private readonly readiness: ReadinessRegistry,
    private readonly documents: ServiceDocuments,
  ) {}

  onApplicationBootstrap(): void {
    this.readiness.register('services', async () => {
      const missing = this.links.names.filter((name) => !this.documents.has(name));
      if (missing.length > 0) throw new Error(`no route table yet from ${missing.join(', ')}`);
    });
    void this.refresh();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.timer);
  }

  resolve(method: string, url: string): RouteTarget | RouteMiss | undefined {
    return this.table?.resolve(method, url);
  }

  private async refresh(): Promise<void> {
    const answers = await Promise.allSettled(
      this.links.names.map(async (name) => [name, await this.links.send<OpenAPIObject>(name, SERVICE_OPENAPI_PATTERN, {}, DOCUMENT_TIMEOUT_MS)] as const),
    );
    for (const answer of answers) if (answer.status === 'fulfilled') this.documents.set(answer.value[0], answer.value[1]);
    try {
      this.table = RouteTable.build(this.documents.byService, WEBHOOK_PREFIXES);
    } catch (error) {
      this.logger.error(`route table not rebuilt: ${(error as Error).message}`);
    }
    const complete = this.documents.size === this.links.names.length;
    this.timer = setTimeout(() => void this.refresh(), complete ? this.config.routeRefreshMs : RETRY_MS);
  }
}

/** The services' OpenAPI documents as last received: the route table's source and the public /docs. */
export class ServiceDocuments {
  readonly byService = new Map<string, OpenAPIObject>();

  has(service: string): boolean {
    return this.byService.has(service);
  }

  get size(): number {
    return this.byService.size;
  }

  set(service: string, document: OpenAPIObject): void {
    this.byService.set(service, document);
  }

  /** The gateway's own document (health) with every service's paths and schemas. */
  merged(own: OpenAPIObject): OpenAPIObject {
    const paths = { ...own.paths };
    const schemas = { ...own.components?.schemas };
    for (const document of this.byService.values()) {
      for (const [path, item] of Object.entries(document.paths)) if (path.startsWith('/api/')) paths[path] = item;
      Object.assign(schemas, document.components?.schemas);
    }
    return { ...own, paths, components: { ...own.components, schemas } };
  }
}
