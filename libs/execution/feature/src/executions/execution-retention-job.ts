import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type OrganizationRetention } from '@weft/kernel';
import { PeriodicTask } from '@weft/nest';
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
  private readonly task = new PeriodicTask(this.logger, 'retention', () => this.runOnce());

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EXECUTION_CONFIG) private readonly config: ExecutionConfig,
    @Inject(ORGANIZATION_RETENTION) private readonly retention: OrganizationRetention,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start({ firstAfterMs: 5_000, intervalMs: this.config.retention.intervalMs });
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  private async runOnce(): Promise<void> {
    const overrides = await this.retention.overrides();
    const report = await applyExecutionRetention(this.db, this.config.retention, overrides, { archiveDays: this.config.retention.archiveDays });
    if (report === null) return;
    if (report.analyzed.length > 0 || report.prunedLogs + report.prunedPayloads > 0 || report.yielded) this.logger.log(`retention: ${JSON.stringify(report)}`);
  }
}
