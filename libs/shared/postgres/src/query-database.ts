import type pg from 'pg';
import { type Database, type Queryable } from './database.js';
import { replicaFailure } from './replica-failures.js';
import { walInsertPosition, walReplayPosition } from './wal-position.js';
import { WritePositions } from './write-positions.js';

export interface QueryDatabaseOptions {
  /** How long a read waits for the replica to replay its organization's last write; then it reads the primary. */
  readonly maxWaitMs: number;
  /** How often the replica's replay position is read while reads wait. Default 5 ms. */
  readonly pollIntervalMs?: number;
  /** How often a replica that failed is tried again, in the background. Default 2 s. */
  readonly probeIntervalMs?: number;
  /** Organizations whose last write is remembered before the oldest folds into a floor (`WritePositions`). Default 10,000. */
  readonly maxOrganizations?: number;
  /** Told once per change when the replica stops or starts serving reads (the log says it once, not per request). */
  readonly onReplicaChange?: (state: ReplicaState) => void;
}

export type ReplicaState = { readonly serving: true } | { readonly serving: false; readonly reason: string; readonly since: Date };

type TransactionWork<T> = (tx: Queryable, client: pg.PoolClient) => Promise<T>;

// One WAL record in the transaction, so that its commit flushes the WAL (a commit that wrote none does not).
const FLUSH_ON_COMMIT = `select pg_logical_emit_message(true, 'weft.read_your_writes', '')`;

/**
 * Where the query APIs read (`withTenant` routes through it): a streaming replica
 * (`DATABASE_READ_URL`) when it has replayed the organization's writes, else the primary.
 *
 * - After a write this process waited for (read-your-writes), `rememberWrite` notes the
 *   primary's WAL position for the organization; a read of it waits (at most `maxWaitMs`)
 *   until `pg_last_wal_replay_lsn()` on the replica is past it, else reads the primary.
 *   Organizations with nothing pending read the replica with no extra query.
 * - A replica that cannot be reached: the read that found it so runs again on the
 *   primary (the work is read-only, so running it again is safe), and later reads go
 *   straight to the primary, with no failed connection each, until a background probe
 *   finds the replica back. A recovery conflict sends only its own read to the primary.
 * - Without a replica (`primaryOnly`) every read is the primary's transaction, as before:
 *   no query, no timer.
 *
 * The positions live in this process: a read served by another process of the same
 * service does not wait for this one's writes (docs/operations.md, "Read replicas").
 */
export class QueryDatabase {
  private readonly positions: WritePositions;
  private replayed = 0n;
  private refreshing: Promise<void> | undefined;
  private down: { readonly reason: string; readonly since: Date } | undefined;
  private probe: NodeJS.Timeout | undefined;

  constructor(
    readonly primary: Database,
    readonly replica: Database | undefined,
    private readonly options: QueryDatabaseOptions,
  ) {
    this.positions = new WritePositions(options.maxOrganizations);
  }

  /** Every read on `primary`: no replica configured (or the embedded database). */
  static primaryOnly(primary: Database): QueryDatabase {
    return new QueryDatabase(primary, undefined, { maxWaitMs: 0 });
  }

  /** Runs a read-only transaction of `organizationId` (`withTenant`'s) where it sees the organization's writes. */
  async tenantTransaction<T>(organizationId: string, work: TransactionWork<T>, prelude: string): Promise<T> {
    const replica = this.replica;
    if (replica === undefined || !(await this.replicaHas(organizationId))) return this.primary.transaction(work, 'read committed', prelude);
    try {
      return await replica.transaction(work, 'read committed', prelude);
    } catch (error) {
      const failure = replicaFailure(error);
      if (failure === undefined) throw error;
      if (failure === 'unavailable') this.markDown(error);
      return this.primary.transaction(work, 'read committed', prelude);
    }
  }

  /**
   * A write of `organizationId` is visible on the primary (read-your-writes waited for it):
   * later reads of the organization in this process wait until the replica has it.
   * Without a replica, nothing (no query).
   *
   * The projectors commit without waiting for their WAL flush, and a replica receives only
   * flushed WAL: on a quiet primary the WAL writer flushes it within `wal_writer_delay`
   * (200 ms by default), which a read would wait for. So the position is taken in a tiny
   * transaction that writes one WAL record (a transactional logical message, which no
   * table and no privilege beyond the default needs) and commits with the session's
   * `synchronous_commit` (on by default): its flush sends everything before it to the
   * replica at once. 3 round trips on the command's path, with a replica only.
   */
  async rememberWrite(organizationId: string): Promise<void> {
    if (this.replica === undefined) return;
    const position = await this.primary.transaction((tx) => walInsertPosition(tx), 'read committed', FLUSH_ON_COMMIT);
    this.positions.remember(organizationId.toLowerCase(), position);
  }

  /** The replica's state now; reads its replay position when it is serving (the readiness check). */
  async replicaState(): Promise<ReplicaState | undefined> {
    if (this.replica === undefined) return undefined;
    if (this.down === undefined) await this.refreshReplayed();
    return this.down === undefined ? { serving: true } : { serving: false, ...this.down };
  }

  /** Stops the probe of a failed replica (the pools are their owner's to close). */
  stop(): void {
    clearInterval(this.probe);
    this.probe = undefined;
  }

  /** Whether the replica may answer a read of `organizationId` now, after waiting (bounded) for it to replay the organization's writes. */
  private async replicaHas(anyCase: string): Promise<boolean> {
    // An id from a path may be in capitals; the one of an event's metadata is not.
    const organizationId = anyCase.toLowerCase();
    const required = this.positions.required(organizationId);
    const deadline = Date.now() + this.options.maxWaitMs;
    for (;;) {
      if (this.down !== undefined) return false;
      if (this.replayed >= required) {
        this.positions.covered(organizationId, this.replayed);
        return true;
      }
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await this.refreshReplayed();
      if (this.replayed >= required || this.down !== undefined) continue;
      await new Promise((resolve) => setTimeout(resolve, Math.min(this.options.pollIntervalMs ?? 5, Math.max(1, deadline - Date.now()))));
    }
  }

  /** Reads the replica's replay position; concurrent readers share one query. */
  private refreshReplayed(): Promise<void> {
    this.refreshing ??= this.readReplayed()
      .then((position) => {
        if (position > this.replayed) this.replayed = position;
      })
      .catch((error: unknown) => this.markDown(error))
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** The replica's replay position; refused when the server is no replica (promoted, or a primary configured by mistake). */
  private async readReplayed(): Promise<bigint> {
    const position = await walReplayPosition(this.replica!);
    if (position === undefined) throw new Error('the server at DATABASE_READ_URL replays no WAL: it is no streaming replica (or was promoted)');
    return position;
  }

  private markDown(error: unknown): void {
    if (this.down !== undefined) return;
    const { message, code } = (error ?? {}) as { message?: unknown; code?: unknown };
    this.down = { reason: String(message || code || error), since: new Date() };
    this.options.onReplicaChange?.({ serving: false, ...this.down });
    this.probe = setInterval(() => void this.probeReplica(), this.options.probeIntervalMs ?? 2_000);
    // The probe alone must not keep a process alive that is otherwise done.
    this.probe.unref();
  }

  /** A failed replica answers again: it serves reads from its position now (a replica rebuilt behind the old one must not look ahead). */
  private async probeReplica(): Promise<void> {
    if (this.down === undefined) return;
    const position = await this.readReplayed().catch(() => undefined);
    if (position === undefined || this.down === undefined) return;
    this.replayed = position;
    this.down = undefined;
    this.stop();
    this.options.onReplicaChange?.({ serving: true });
  }
}
