import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type OrganizationRetention, type OrganizationRetentionOverride } from '@weft/kernel';
import { ORGANIZATION_RETENTION } from '@weft/ports';
import { Database, type Queryable } from '@weft/postgres';
import {
  type PruneOptions,
  dropExecutionPartitionsBefore,
  ensureExecutionPartitions,
  pruneExecutionLogsBefore,
  pruneExecutionsBefore,
  pruneRowsBefore,
} from '@weft/read-model-executions';
import { EXECUTION_CONFIG, type ExecutionConfig } from '../execution-config.js';

const DAY_MS = 86_400_000;
/** One replica at a time runs the job (a transaction-level advisory lock per step; an arbitrary constant). */
const RETENTION_LOCK = 7_340_101;
const MONTHS_AHEAD = 3;
const MIN_DAYS = 1;
const MAX_DAYS = 3650;

/** How long execution data (runs, stored payloads) and node logs are kept, in days. */
export interface RetentionPolicy {
  readonly executionDays: number;
  readonly logDays: number;
}

/** What one pass applies: the partition cut, the defaults, and the organizations that keep something else. */
export interface RetentionPlan {
  /** Whole monthly partitions older than this go: the longest execution retention of any organization. */
  readonly partitionDays: number;
  /** The platform defaults (logs kept at most as long as executions). */
  readonly defaults: RetentionPolicy;
  /** The organizations whose own retention differs from the defaults (logs at most as long as their executions). */
  readonly organizations: readonly (RetentionPolicy & { readonly organizationId: string })[];
}

const clampDays = (days: number) => Math.min(MAX_DAYS, Math.max(MIN_DAYS, Math.trunc(days)));

/**
 * The plan of a pass: each organization's execution retention is its own or the
 * default, its log retention its own or the default but never longer than its
 * executions (a log without its run is of no use; tenancy checks the order only when
 * both are set, as it does not know the platform default). Partitions are dropped at
 * the longest execution retention, so no organization loses a run it keeps.
 */
export function retentionPlan(defaults: RetentionPolicy, overrides: readonly OrganizationRetentionOverride[]): RetentionPlan {
  const base = { executionDays: clampDays(defaults.executionDays), logDays: Math.min(clampDays(defaults.logDays), clampDays(defaults.executionDays)) };
  const organizations = overrides
    .map(({ organizationId, executionDays, logDays }) => {
      const execution = executionDays === null ? base.executionDays : clampDays(executionDays);
      return { organizationId, executionDays: execution, logDays: Math.min(logDays === null ? clampDays(defaults.logDays) : clampDays(logDays), execution) };
    })
    .filter((o) => o.executionDays !== base.executionDays || o.logDays !== base.logDays);
  return { partitionDays: Math.max(base.executionDays, ...organizations.map((o) => o.executionDays)), defaults: base, organizations };
}

export interface RetentionReport {
  readonly createdPartitions: readonly string[];
  readonly droppedPartitions: readonly string[];
  /** Partitions wholly before this instant were dropped. */
  readonly partitionCutoff: string;
  /** Organizations with a retention of their own (differing from the defaults). */
  readonly organizations: number;
  /** Execution rows deleted one by one (organizations keeping less than the partitions). */
  readonly prunedExecutions: number;
  readonly prunedLogs: number;
  readonly prunedPayloads: number;
  /** Another replica took the job over during this pass (it stopped early; the other goes on). */
  readonly yielded: boolean;
}

export interface RetentionOptions {
  readonly now?: Date;
  /** Rows per delete statement (each in its own short transaction); default 10,000. */
  readonly batchSize?: number;
}

class RetentionTakenOver extends Error {}

/**
 * Execution data retention, once, with per-organization retention applied:
 *
 * 1. In one short transaction: monthly `executions` partitions are created ahead, and
 *    whole months older than the longest execution retention of any organization
 *    (`plan.partitionDays`) dropped (a `drop table`: no row deletes, no bloat).
 * 2. Row by row, in bounded batches each in its own transaction (so the partition
 *    step's lock on `executions` is not held while rows go, and no long transaction
 *    holds back vacuum): the runs of organizations that keep less than the partition
 *    cut (the defaults' organizations together, each organization with its own value
 *    alone), their `execution_logs` (hash-partitioned: always by rows, BRIN on
 *    created_at) and their stored payloads (`execution_payloads`).
 *
 * Every step takes the job's advisory lock, so one replica works at a time; `null` when
 * another replica holds it at the start. The events stay in the event store (the audit
 * trail); a rebuilt read model gets its old rows back until the next pass.
 */
export async function applyExecutionRetention(
  db: Pick<Database, 'transaction'>,
  defaults: RetentionPolicy,
  overrides: readonly OrganizationRetentionOverride[],
  options: RetentionOptions = {},
): Promise<RetentionReport | null> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 10_000;
  const plan = retentionPlan(defaults, overrides);
  const cut = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const partitionCutoff = cut(plan.partitionDays);
  const partitions = await db.transaction(async (tx) => {
    if (!(await locked(tx))) return null;
    return {
      created: await ensureExecutionPartitions(tx, 'executions', now, MONTHS_AHEAD),
      dropped: await dropExecutionPartitionsBefore(tx, 'executions', partitionCutoff),
    };
  });
  if (partitions === null) return null;

  // Each statement (one batch) in its own transaction, under the job's lock.
  const guarded: Queryable = {
    query: (text, values) =>
      db.transaction(async (tx) => {
        if (!(await locked(tx))) throw new RetentionTakenOver();
        return tx.query(text, values);
      }),
  };
  const except = plan.organizations.map((o) => o.organizationId);
  let prunedExecutions = 0;
  let prunedLogs = 0;
  let prunedPayloads = 0;
  let yielded = false;
  try {
    if (plan.defaults.executionDays < plan.partitionDays)
      prunedExecutions += await pruneExecutionsBefore(guarded, cut(plan.defaults.executionDays), { batchSize, exceptOrganizations: except });
    prunedLogs += await pruneExecutionLogsBefore(guarded, cut(plan.defaults.logDays), { batchSize, exceptOrganizations: except });
    prunedPayloads += await prunePayloadsBefore(guarded, cut(plan.defaults.executionDays), { batchSize, exceptOrganizations: except });
    for (const organization of plan.organizations) {
      const { organizationId } = organization;
      if (organization.executionDays < plan.partitionDays)
        prunedExecutions += await pruneExecutionsBefore(guarded, cut(organization.executionDays), { batchSize, organizationId });
      prunedLogs += await pruneExecutionLogsBefore(guarded, cut(organization.logDays), { batchSize, organizationId });
      prunedPayloads += await prunePayloadsBefore(guarded, cut(organization.executionDays), { batchSize, organizationId });
    }
  } catch (error) {
    if (!(error instanceof RetentionTakenOver)) throw error;
    yielded = true;
  }
  return {
    createdPartitions: partitions.created,
    droppedPartitions: partitions.dropped,
    partitionCutoff: partitionCutoff.toISOString(),
    organizations: plan.organizations.length,
    prunedExecutions,
    prunedLogs,
    prunedPayloads,
    yielded,
  };
}

async function locked(tx: Queryable): Promise<boolean> {
  const { rows } = await tx.query<{ locked: boolean }>('select pg_try_advisory_xact_lock($1) as locked', [RETENTION_LOCK]);
  return rows[0]?.locked === true;
}

/** Stored payloads (`execution_payloads`) created before `cutoff`, by the same batched prune as the executions. */
const prunePayloadsBefore = (db: Queryable, cutoff: Date, options: PruneOptions) =>
  pruneRowsBefore(db, cutoff, { ...options, table: 'execution_payloads', key: 'id' });

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
    const report = await applyExecutionRetention(this.db, this.config.retention, overrides);
    if (report === null) return;
    if (report.droppedPartitions.length + report.prunedExecutions + report.prunedLogs + report.prunedPayloads > 0 || report.yielded)
      this.logger.log(`retention: ${JSON.stringify(report)}`);
  }
}
