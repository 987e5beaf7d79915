import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Database, type Queryable } from '@weft/postgres';
import { dropExecutionPartitionsBefore, ensureExecutionPartitions, pruneExecutionLogsBefore } from '@weft/read-model-executions';
import { EXECUTION_CONFIG, type ExecutionConfig } from '../execution-config.js';

const DAY_MS = 86_400_000;
/** One replica at a time runs the job (a session-level advisory lock; an arbitrary constant). */
const RETENTION_LOCK = 7_340_101;
const MONTHS_AHEAD = 3;

export interface RetentionReport {
  readonly createdPartitions: readonly string[];
  readonly droppedPartitions: readonly string[];
  readonly prunedLogs: number;
  readonly prunedPayloads: number;
}

/**
 * Execution data retention, once: monthly `executions` partitions are created ahead and
 * whole months older than `executionDays` dropped (a `drop table`, no row deletes, no
 * bloat); `execution_logs` rows and stored payloads older than `logDays` /
 * `executionDays` are deleted in batches. The events stay in the event store (the
 * audit trail); the read model is rebuilt from them with the same cut-off.
 */
export async function applyExecutionRetention(db: Queryable, policy: { executionDays: number; logDays: number }, now = new Date()): Promise<RetentionReport> {
  const createdPartitions = await ensureExecutionPartitions(db, 'executions', now, MONTHS_AHEAD);
  const droppedPartitions = await dropExecutionPartitionsBefore(db, 'executions', new Date(now.getTime() - policy.executionDays * DAY_MS));
  const prunedLogs = await pruneExecutionLogsBefore(db, new Date(now.getTime() - policy.logDays * DAY_MS));
  const { rowCount } = await db.query('delete from execution_payloads where created_at < $1', [new Date(now.getTime() - policy.executionDays * DAY_MS)]);
  return { createdPartitions, droppedPartitions, prunedLogs, prunedPayloads: rowCount ?? 0 };
}

/** Runs the retention job shortly after start-up and then every `retention.intervalMs`, on one replica at a time. */
@Injectable()
export class ExecutionRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('execution-retention');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EXECUTION_CONFIG) private readonly config: ExecutionConfig,
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
    await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ locked: boolean }>('select pg_try_advisory_xact_lock($1) as locked', [RETENTION_LOCK]);
      if (!rows[0]?.locked) return;
      const report = await applyExecutionRetention(tx, this.config.retention);
      if (report.droppedPartitions.length + report.prunedLogs + report.prunedPayloads > 0) this.logger.log(`retention: ${JSON.stringify(report)}`);
    });
  }
}
