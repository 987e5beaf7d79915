import { compareLogPositions } from '@weft/eventstore';
import { type LogPosition, OperationalError } from '@weft/kernel';
import { type Queryable } from '@weft/postgres';

/** What to wait for: a log position (embedded, from the store) or a stream version (any mode). */
export type ProjectionWaitTarget =
  | { readonly projections: readonly string[]; readonly after: LogPosition }
  | { readonly projections: readonly string[]; readonly streamId: string; readonly streamVersion: number };

export interface ProjectionWaitOptions {
  /** How long to wait at most before rejecting with `ProjectionWaitTimeoutError`. */
  readonly timeoutMs: number;
}

/** What a runner committed, as it tells the watermarks in its own process. */
export interface ProjectionProgress {
  readonly position?: LogPosition | undefined;
  readonly streams?: ReadonlyMap<string, number>;
}

/**
 * The read models did not catch up in time. Operational: the write succeeded, the
 * read model is just behind; the gateway answers normally and says so in a header.
 */
export class ProjectionWaitTimeoutError extends OperationalError {
  constructor(
    /** The projections that had not reached the target. */
    readonly lagging: readonly string[],
    readonly timeoutMs: number,
  ) {
    super('projection_wait_timeout', `Projections ${lagging.join(', ')} did not catch up within ${timeoutMs} ms`);
    this.name = 'ProjectionWaitTimeoutError';
  }
}

export interface ProjectionWatermarksOptions {
  /** How often to read the checkpoints while waiting, for runners in other processes. Default 20 ms. */
  readonly pollIntervalMs?: number;
}

type Listener = (projection: string, progress: ProjectionProgress) => void;

function reached(target: ProjectionWaitTarget, progress: ProjectionProgress): boolean {
  if ('after' in target) return progress.position !== undefined && compareLogPositions(progress.position, target.after) >= 0;
  const version = progress.streams?.get(target.streamId);
  return version !== undefined && version >= target.streamVersion;
}

/**
 * Read-your-writes: waits until named projections have applied a write. Runners in
 * this process report each commit (`advanced`), which ends a wait at once; runners
 * elsewhere are seen by reading the checkpoint tables every `pollIntervalMs`. No
 * connection is held while waiting.
 */
export class ProjectionWatermarks {
  private readonly listeners = new Set<Listener>();
  /** The last position each runner of this process reported. */
  private readonly reported = new Map<string, LogPosition>();
  private readonly pollIntervalMs: number;

  constructor(
    private readonly db: Queryable,
    options: ProjectionWatermarksOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 20;
  }

  /** Called by a runner after each commit. */
  advanced(projection: string, progress: ProjectionProgress): void {
    if (progress.position) this.reported.set(projection, progress.position);
    for (const listener of this.listeners) listener(projection, progress);
  }

  /** Resolves once every named projection reached `target`; rejects with `ProjectionWaitTimeoutError` after `timeoutMs`. */
  async waitForProjections(target: ProjectionWaitTarget, options: ProjectionWaitOptions): Promise<void> {
    const pending = new Set(target.projections);
    const deadline = Date.now() + options.timeoutMs;
    let wake: (() => void) | undefined;
    const listener: Listener = (projection, progress) => {
      if (pending.has(projection) && reached(target, progress)) pending.delete(projection);
      if (pending.size === 0) wake?.();
    };
    this.listeners.add(listener);
    try {
      // A runner in this process reports its commits: the first database read can wait
      // for the poll interval, off the path of the commit it is waiting for.
      for (const [projection, position] of this.reported) listener(projection, { position });
      let local = 'after' in target && [...pending].every((projection) => this.reported.has(projection));
      for (;;) {
        if (!local) await this.poll(target, pending);
        local = false;
        if (pending.size === 0) return;
        const left = deadline - Date.now();
        if (left <= 0) throw new ProjectionWaitTimeoutError([...pending], options.timeoutMs);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(this.pollIntervalMs, left));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        if (pending.size === 0) return;
      }
    } finally {
      this.listeners.delete(listener);
    }
  }

  private async poll(target: ProjectionWaitTarget, pending: Set<string>): Promise<void> {
    const names = [...pending];
    if ('after' in target) {
      const { rows } = await this.db.query<{ projection: string; transaction_id: string | null; position: string | null }>(
        'select projection, transaction_id::text as transaction_id, position::text as position from projection_checkpoints where projection = any($1::text[])',
        [names],
      );
      for (const row of rows) {
        const position = row.transaction_id !== null && row.position !== null ? { transactionId: row.transaction_id, position: row.position } : undefined;
        if (reached(target, { position })) pending.delete(row.projection);
      }
      return;
    }
    const { rows } = await this.db.query<{ projection: string; version: string }>(
      'select projection, version::text as version from projection_stream_versions where projection = any($1::text[]) and stream_id = $2',
      [names, target.streamId],
    );
    for (const row of rows) {
      if (Number(row.version) >= target.streamVersion) pending.delete(row.projection);
    }
  }
}
