import { Controller, Get, HttpCode, HttpStatus, Injectable, Module, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

/**
 * Resolves when the component works; `{degraded}` when it works in a lesser way (a read
 * replica that failed: reads go to the primary): ready, and the reason shown.
 */
export type ReadinessCheck = () => Promise<void | { readonly degraded: string }>;

/**
 * Components register what must work before the process takes traffic (database,
 * bus, projections). `/health/ready` runs every check; one failure makes it 503, a
 * degraded one is shown as `degraded: <reason>` and keeps it 200.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  async evaluate(): Promise<{ ready: boolean; checks: Record<string, 'up' | string> }> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        try {
          const result = await check();
          return [name, result ? `degraded: ${result.degraded}` : 'up'] as const;
        } catch (error) {
          return [name, `down: ${(error as Error).message}`] as const;
        }
      }),
    );
    return { ready: entries.length > 0 && entries.every(([, state]) => !state.startsWith('down:')), checks: Object.fromEntries(entries) };
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessRegistry) {}

  @Get('live')
  @HttpCode(HttpStatus.OK)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: 'ready' | 'not_ready'; checks: Record<string, string> }> {
    const { ready, checks } = await this.readiness.evaluate();
    void reply.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ready ? 'ready' : 'not_ready', checks };
  }
}

@Module({ controllers: [HealthController], providers: [ReadinessRegistry], exports: [ReadinessRegistry] })
export class HealthModule {}
