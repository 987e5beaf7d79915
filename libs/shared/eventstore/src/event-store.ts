import { type AppendResult, type ExpectedVersion, type LogPosition, type NewEvent, type RecordedEvent } from '@weft/kernel';

/** `ExpectedVersion` and `AppendResult` live in the kernel (its `EventStreamStore` port uses them). */
export type { AppendResult, ExpectedVersion } from '@weft/kernel';

export interface ReadStreamOptions {
  readonly direction?: 'forward' | 'backward';
  /** Inclusive. Forward default 0; backward default the last version. */
  readonly fromVersion?: number;
  readonly maxCount?: number;
}

/**
 * Narrows `readAll` / `subscribeToAll` in SQL. A subscription's position moves only
 * with the events it returns, so a live subscription with a filter that matches rarely
 * re-scans everything after its last match on every poll: filter such streams in memory.
 */
export interface AllEventsFilter {
  readonly typePrefix?: string;
  readonly organizationId?: string;
}

export interface ReadAllOptions {
  /** Exclusive: events after this position. Omitted: from the beginning. */
  readonly after?: LogPosition;
  readonly maxCount?: number;
  readonly filter?: AllEventsFilter;
}

export interface SubscribeOptions {
  readonly after?: LogPosition;
  readonly filter?: AllEventsFilter;
  /** Called in log order, one event at a time; the next waits for the promise. */
  readonly onEvent: (event: RecordedEvent) => Promise<void>;
  readonly signal?: AbortSignal;
}

export interface Subscription {
  /** Resolves when the subscription stops (aborted) and rejects when it fails. */
  readonly done: Promise<void>;
  /** True once the catch-up phase has reached the head of the log. */
  readonly isLive: () => boolean;
}

/**
 * The source of truth. Every context stores its aggregates here; every read model is
 * derived from it. One contract suite runs against each adapter.
 */
export interface EventStore {
  /** Atomic: all events or none. Idempotent by event id. */
  append(streamId: string, events: readonly NewEvent[], expectedVersion: ExpectedVersion): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch-up from `after`, then live. Never skips an event that commits late. */
  subscribeToAll(options: SubscribeOptions): Subscription;
  /** The position of the last event visible to readers (what a live reader has to reach). */
  headPosition(): Promise<LogPosition | undefined>;
}

/** How long a stream keeps its events; older ones are removed by `applyRetention`. */
export interface RetentionPolicy {
  /** Events older than this many milliseconds are removed. */
  readonly maxAgeMs?: number;
  /** Only the newest this many events are kept. */
  readonly maxCount?: number;
}

/** Stream lifecycle: deletion (tombstones) and retention, for streams that need them (executions). */
export interface StreamLifecycle {
  /** Tombstones the stream: reads and appends fail with `StreamDeletedError` from now on. */
  deleteStream(streamId: string): Promise<void>;
  /** Sets (or, with `undefined`, clears) the stream's retention policy. */
  setStreamRetention(streamId: string, policy: RetentionPolicy | undefined): Promise<void>;
  /** Removes what retention policies and tombstones allow; returns how many events were removed. */
  applyRetention(): Promise<number>;
}
