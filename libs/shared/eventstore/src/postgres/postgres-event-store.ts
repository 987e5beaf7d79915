import { type AppendResult, type ExpectedVersion, type LogPosition, type NewEvent, type RecordedEvent, type UpcasterRegistry } from '@weft/kernel';
import { type Database } from '@weft/postgres';
import { catchUpSubscription } from '../catch-up-subscription.js';
import {
  type EventStore,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RetentionPolicy,
  type StreamLifecycle,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.js';
import { type BeforeCommitHook, appendEvents } from './append.js';
import { GroupCommit } from './group-commit.js';
import { AppendNotifier } from './append-notifier.js';
import { MAX_READ_BATCH, readAllEvents, readHeadPosition, readStreamEvents } from './read.js';
import { applyRetentionPolicies, setRetention, tombstone } from './retention.js';
import { type VerificationReport, verifyStreamChains } from './verify-streams.js';

export interface PostgresEventStoreOptions {
  /** Applied to every event read, so old events are seen at their latest schema version. */
  readonly upcasters?: UpcasterRegistry;
  /** The clock stamping `occurredAt`. Default: the system clock. */
  readonly now?: () => Date;
  /** How often a live subscription polls when no notification wakes it. Default 250 ms (50 ms on a single connection). */
  readonly pollIntervalMs?: number;
  /** Events a subscription reads per query. Default 1000, at most 10,000. */
  readonly subscriptionBatchSize?: number;
  /** Runs inside every append transaction just before commit: instrumentation and tests. */
  readonly beforeCommit?: BeforeCommitHook;
}

/**
 * The event store on PostgreSQL (a server or the embedded single-connection PGlite):
 * one `events` log and one `streams` row per stream. Apply `eventStoreMigrations` first.
 */
export class PostgresEventStore implements EventStore, StreamLifecycle {
  private readonly notifier: AppendNotifier;
  private readonly stopAll = new AbortController();

  constructor(
    private readonly db: Database,
    private readonly options: PostgresEventStoreOptions = {},
  ) {
    this.notifier = new AppendNotifier(db, options.pollIntervalMs ?? (db.singleConnection ? 50 : 250));
    const now = options.now ?? (() => new Date());
    // One connection (the embedded database) serves one group at a time anyway.
    this.groupCommit = new GroupCommit(
      db,
      now,
      (streamId, events, expected) => appendEvents({ db, now, beforeCommit: options.beforeCommit }, streamId, events, expected),
      {
        maxInFlight: db.singleConnection ? 1 : 2,
      },
    );
  }

  private readonly groupCommit: GroupCommit;

  async append(streamId: string, events: readonly NewEvent[], expectedVersion: ExpectedVersion): Promise<AppendResult> {
    const context = { db: this.db, now: this.options.now ?? (() => new Date()), beforeCommit: this.options.beforeCommit };
    const result = await appendEvents(context, streamId, events, expectedVersion);
    this.notifier.notify();
    this.notifier.announce();
    return result;
  }

  /**
   * `append` through group commit: concurrent appends share one statement and one
   * commit (see GroupCommit). For hot paths with many independent streams (executions);
   * the same guarantees as `append`, except that a before-commit hook does not run.
   */
  async appendGrouped(streamId: string, events: readonly NewEvent[], expectedVersion: ExpectedVersion): Promise<AppendResult> {
    const result = await this.groupCommit.append(streamId, events, expectedVersion);
    this.notifier.notify();
    this.notifier.announce();
    return result;
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.upcast(await readStreamEvents(this.db, streamId, options));
  }

  /** Events after `options.after` in log order; at most `maxCount` (default 1000, at most 10,000) per call. */
  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.upcast(await readAllEvents(this.db, options));
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const signal = options.signal ? AbortSignal.any([options.signal, this.stopAll.signal]) : this.stopAll.signal;
    let readAt = this.notifier.generation;
    const source = {
      // A batch larger than one read returns would look short, and the subscription live, too early.
      batchSize: Math.min(this.options.subscriptionBatchSize ?? 1000, MAX_READ_BATCH),
      readBatch: (after: LogPosition | undefined, filter: ReadAllOptions['filter'], maxCount: number) => {
        readAt = this.notifier.generation;
        return this.sharedRead({ after, filter, maxCount });
      },
      // An append that finished while we were reading wakes us at once.
      waitForAppend: (wait: AbortSignal) => this.notifier.wait(wait, readAt),
    };
    return catchUpSubscription(source, { ...options, signal });
  }

  /**
   * Live subscriptions of one process wake on the same append and ask for the same
   * events (everything after the same head): one query answers all of them. The events
   * are shared, so subscribers must not change them (none does: they are records).
   */
  private sharedRead(options: ReadAllOptions & { maxCount: number }): Promise<RecordedEvent[]> {
    const key = JSON.stringify([options.after?.transactionId ?? null, options.after?.position ?? null, options.filter ?? null, options.maxCount]);
    const inFlight = this.reads.get(key);
    if (inFlight) return inFlight;
    const read = this.readAll(options).finally(() => this.reads.delete(key));
    this.reads.set(key, read);
    return read;
  }

  private readonly reads = new Map<string, Promise<RecordedEvent[]>>();

  headPosition(): Promise<LogPosition | undefined> {
    return readHeadPosition(this.db);
  }

  deleteStream(streamId: string): Promise<void> {
    return tombstone(this.db, streamId);
  }

  setStreamRetention(streamId: string, policy: RetentionPolicy | undefined): Promise<void> {
    return setRetention(this.db, streamId, policy);
  }

  applyRetention(): Promise<number> {
    return applyRetentionPolicies(this.db);
  }

  /** Recomputes the hash chains (of one organization's streams, if given) and reports the first mismatch. */
  verifyStreams(options: { organizationId?: string } = {}): Promise<VerificationReport> {
    return verifyStreamChains(this.db, options);
  }

  /** Stops every subscription and the notification listener; the database stays open. */
  async close(): Promise<void> {
    this.stopAll.abort();
    await this.notifier.close();
  }

  private upcast(events: RecordedEvent[]): RecordedEvent[] {
    const upcasters = this.options.upcasters;
    return upcasters ? events.map((event) => upcasters.upcast(event)) : events;
  }
}
