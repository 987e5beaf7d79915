import { type OrganizationRetentionOverride } from '@weft/kernel';
import { type Database, type Queryable } from '@weft/postgres';
import {
  EXECUTIONS_ARCHIVE,
  type PruneOptions,
  archiveExecutionsBefore,
  dropEmptyPartitionsBefore,
  dropExecutionPartitionsBefore,
  ensureArchivePartitions,
  ensureExecutionPartitions,
  pruneExecutionLogsBefore,
  pruneExecutionsBefore,
  pruneRowsBefore,
  syncArchiveColumns,
} from '@weft/read-model-executions';

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
  /** Partitions wholly before this instant were dropped (archiving: once their runs moved to the archive). */
  readonly partitionCutoff: string;
  /** Organizations with a retention of their own (differing from the defaults). */
  readonly organizations: number;
  /** Execution rows deleted one by one (not archiving: organizations keeping less than the partitions). */
  readonly prunedExecutions: number;
  /** Execution rows moved into `executions_archive` (archiving). */
  readonly archivedExecutions: number;
  /** Archive partitions dropped and archive rows deleted: past `archiveDays`. */
  readonly droppedArchivePartitions: readonly string[];
  readonly prunedArchivedExecutions: number;
  readonly prunedLogs: number;
  readonly prunedPayloads: number;
  /** The tables analyzed after the pass changed them in bulk (fresh planner statistics). */
  readonly analyzed: readonly string[];
  /** Another replica took the job over during this pass (it stopped early; the other goes on). */
  readonly yielded: boolean;
}

export interface RetentionOptions {
  readonly now?: Date;
  /** Rows per delete statement (each in its own short transaction); default 10,000. */
  readonly batchSize?: number;
  /**
   * Days from a run's creation until the archive drops it; 0 or absent: runs past their
   * retention are deleted, not archived.
   */
  readonly archiveDays?: number;
}

class RetentionTakenOver extends Error {}

/** The instants a pass cuts at, from its plan and its clock. */
function cutoffsOf(plan: RetentionPlan, now: Date, archiveDays: number) {
  const cut = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const shortest = Math.min(plan.defaults.executionDays, ...plan.organizations.map((o) => o.executionDays));
  return { cut, partition: cut(plan.partitionDays), latestMove: cut(shortest), archive: cut(archiveDays) };
}

/**
 * Execution data retention, once, with per-organization retention applied:
 *
 * 1. In one short transaction: monthly `executions` partitions are created ahead;
 *    without an archive, whole months older than the longest execution retention of any
 *    organization (`plan.partitionDays`) are dropped (a `drop table`: no row deletes).
 * 2. Row by row, in bounded batches each in its own transaction (so no lock on
 *    `executions` is held while rows go, and no long transaction holds back vacuum):
 *    archiving, every run older than the partition cut and then the runs of the
 *    organizations that keep less move to `executions_archive` (each batch's delete and
 *    insert one statement); not archiving, those organizations' runs are deleted. Then
 *    `execution_logs` (hash-partitioned: always by rows) and stored payloads go.
 * 3. Archiving: the emptied hot months are dropped, the archive's months older than
 *    `archiveDays` dropped and its older stray rows deleted, and what changed in bulk
 *    is analyzed.
 *
 * Every step takes the job's advisory lock, so one replica works at a time; `null` when
 * another replica holds it at the start. A pass killed at any point leaves every run in
 * exactly one table; the next pass goes on where it stopped. The events stay in the
 * event store (the audit trail); a rebuilt read model gets its old rows back until the
 * next pass, which archives them again without a second copy.
 */
export async function applyExecutionRetention(
  db: Pick<Database, 'transaction'>,
  defaults: RetentionPolicy,
  overrides: readonly OrganizationRetentionOverride[],
  options: RetentionOptions = {},
): Promise<RetentionReport | null> {
  const now = options.now ?? new Date();
  const archiveDays = options.archiveDays ?? 0;
  const archiving = archiveDays > 0;
  const plan = retentionPlan(defaults, overrides);
  const cutoffs = cutoffsOf(plan, now, archiveDays);
  const prepared = await db.transaction(async (tx) => {
    if (!(await locked(tx))) return null;
    const created = await ensureExecutionPartitions(tx, 'executions', now, MONTHS_AHEAD);
    if (!archiving) return { created, dropped: await dropExecutionPartitionsBefore(tx, 'executions', cutoffs.partition), columns: [] };
    created.push(...(await ensureArchivePartitions(tx, cutoffs.latestMove)));
    return { created, dropped: [], columns: await syncArchiveColumns(tx) };
  });
  if (prepared === null) return null;
  const pass = new RetentionPass(db, plan, cutoffs, options.batchSize ?? 10_000, archiving ? prepared.columns : null);
  const yielded = !(await pass.run());
  const dropped = [...prepared.dropped, ...pass.droppedPartitions];
  return {
    createdPartitions: prepared.created,
    droppedPartitions: dropped,
    partitionCutoff: cutoffs.partition.toISOString(),
    organizations: plan.organizations.length,
    prunedExecutions: pass.prunedExecutions,
    archivedExecutions: pass.archivedExecutions,
    droppedArchivePartitions: pass.droppedArchivePartitions,
    prunedArchivedExecutions: pass.prunedArchivedExecutions,
    prunedLogs: pass.prunedLogs,
    prunedPayloads: pass.prunedPayloads,
    analyzed: yielded ? [] : await analyzeChanged(db, pass, dropped),
    yielded,
  };
}

/** Steps 2 and 3 of a pass, each batch in its own transaction under the job's lock; counts what it did. */
class RetentionPass {
  prunedExecutions = 0;
  archivedExecutions = 0;
  prunedArchivedExecutions = 0;
  prunedLogs = 0;
  prunedPayloads = 0;
  droppedPartitions: string[] = [];
  droppedArchivePartitions: string[] = [];
  private readonly guarded: Queryable;

  constructor(
    private readonly db: Pick<Database, 'transaction'>,
    private readonly plan: RetentionPlan,
    private readonly cutoffs: ReturnType<typeof cutoffsOf>,
    private readonly batchSize: number,
    /** The columns a move copies; null when not archiving. */
    private readonly archiveColumns: readonly string[] | null,
  ) {
    this.guarded = { query: (text, values) => this.underLock((tx) => tx.query(text, values)) };
  }

  /** False when another replica took the job over midway. */
  async run(): Promise<boolean> {
    try {
      await this.removeRuns();
      await this.pruneLogsAndPayloads();
      if (this.archiveColumns !== null) await this.trimArchive();
      return true;
    } catch (error) {
      if (error instanceof RetentionTakenOver) return false;
      throw error;
    }
  }

  private async underLock<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      if (!(await locked(tx))) throw new RetentionTakenOver();
      return work(tx);
    });
  }

  /** Archives (or deletes) the runs past each retention: all runs past the partition cut, then each shorter retention's. */
  private async removeRuns(): Promise<void> {
    const { plan, cutoffs, batchSize } = this;
    const except = plan.organizations.map((o) => o.organizationId);
    const remove = async (cutoff: Date, options: PruneOptions) => {
      if (this.archiveColumns === null) this.prunedExecutions += await pruneExecutionsBefore(this.guarded, cutoff, { batchSize, ...options });
      else this.archivedExecutions += await archiveExecutionsBefore(this.guarded, cutoff, this.archiveColumns, { batchSize, ...options });
    };
    if (this.archiveColumns !== null) await remove(cutoffs.partition, {});
    if (plan.defaults.executionDays < plan.partitionDays) await remove(cutoffs.cut(plan.defaults.executionDays), { exceptOrganizations: except });
    for (const organization of plan.organizations)
      if (organization.executionDays < plan.partitionDays)
        await remove(cutoffs.cut(organization.executionDays), { organizationId: organization.organizationId });
  }

  private async pruneLogsAndPayloads(): Promise<void> {
    const { plan, cutoffs, batchSize } = this;
    const except = plan.organizations.map((o) => o.organizationId);
    this.prunedLogs += await pruneExecutionLogsBefore(this.guarded, cutoffs.cut(plan.defaults.logDays), { batchSize, exceptOrganizations: except });
    this.prunedPayloads += await prunePayloadsBefore(this.guarded, cutoffs.cut(plan.defaults.executionDays), { batchSize, exceptOrganizations: except });
    for (const { organizationId, logDays, executionDays } of plan.organizations) {
      this.prunedLogs += await pruneExecutionLogsBefore(this.guarded, cutoffs.cut(logDays), { batchSize, organizationId });
      this.prunedPayloads += await prunePayloadsBefore(this.guarded, cutoffs.cut(executionDays), { batchSize, organizationId });
    }
  }

  /** The hot months emptied by the moves go; so do the archive's months (and stray older rows) past its retention. */
  private async trimArchive(): Promise<void> {
    const { cutoffs, batchSize } = this;
    await this.underLock(async (tx) => {
      this.droppedPartitions = await dropEmptyPartitionsBefore(tx, 'executions', cutoffs.partition);
      this.droppedArchivePartitions = await dropExecutionPartitionsBefore(tx, EXECUTIONS_ARCHIVE, cutoffs.archive);
    });
    this.prunedArchivedExecutions += await pruneExecutionsBefore(this.guarded, cutoffs.archive, { batchSize, table: EXECUTIONS_ARCHIVE });
  }
}

/** ANALYZE after bulk change: the planner's statistics of a table that lost or gained many rows (or partitions) are stale until autovacuum gets to it. */
async function analyzeChanged(db: Pick<Database, 'transaction'>, pass: RetentionPass, dropped: readonly string[]): Promise<string[]> {
  const tables = [
    ...(pass.archivedExecutions + pass.prunedExecutions > 0 || dropped.length > 0 ? ['executions'] : []),
    ...(pass.archivedExecutions + pass.prunedArchivedExecutions > 0 || pass.droppedArchivePartitions.length > 0 ? [EXECUTIONS_ARCHIVE] : []),
  ];
  for (const table of tables) await db.transaction((tx) => tx.query(`analyze ${table}`));
  return tables;
}

async function locked(tx: Queryable): Promise<boolean> {
  const { rows } = await tx.query<{ locked: boolean }>('select pg_try_advisory_xact_lock($1) as locked', [RETENTION_LOCK]);
  return rows[0]?.locked === true;
}

/** Stored payloads (`execution_payloads`) created before `cutoff`, by the same batched prune as the executions. */
const prunePayloadsBefore = (db: Queryable, cutoff: Date, options: PruneOptions) =>
  pruneRowsBefore(db, cutoff, { ...options, table: 'execution_payloads', key: 'id' });
