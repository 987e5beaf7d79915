import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type OrganizationRetention } from '@weft/kernel';
import { ORGANIZATION_RETENTION } from '@weft/ports';
import { Database } from '@weft/postgres';
import { EXECUTION_CONFIG, type ExecutionConfig } from '../execution-config.js';
import { applyExecutionRetention } from './execution-retention.js';

/**
 * Runs the retention job shortly after start-up and then every `retention.intervalMs`,
 * one replica at a time, with each organization's own retention from tenancy's
 * `ORGANIZATION_RETENTION` port (asked once per pass).
 */
@Injectable()
export class ExecutionRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('execution-retention');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EXECUTION_CONFIG) private readonly config: ExecutionConfig,
    @Inject(ORGANIZATION_RETENTION) private readonly retention: OrganizationRetention,
  ) {}

  onApplicationBootstrap(): void {
    const first = setTimeout(() => this.tick(), 5_000);
    first.unref();
    this.timer = setInterval(() => this.tick(), this.config.retention.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    this.running = this.runOnce().catch((error: unknown) => this.logger.warn(`retention did not run: ${String(error)}`));
  }

  private async runOnce(): Promise<void> {
    const overrides = await this.retention.overrides();
    const report = await applyExecutionRetention(this.db, this.config.retention, overrides, { archiveDays: this.config.retention.archiveDays });
    if (report === null) return;
    if (report.analyzed.length > 0 || report.prunedLogs + report.prunedPayloads > 0 || report.yielded) this.logger.log(`retention: ${JSON.stringify(report)}`);
  }
}
