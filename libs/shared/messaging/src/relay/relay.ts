import { type LogPosition, type RecordedEvent } from '@weft/kernel';
import { type EventStore, delay } from '@weft/eventstore';
import { type Database } from '@weft/postgres';
import { type EventBus } from '../event-bus.js';
import { loadRelayCheckpoint, saveRelayCheckpoint } from './relay-checkpoint.js';
import { RelayLease } from './relay-lease.js';

export interface RelayOptions {
  readonly store: EventStore;
  readonly bus: EventBus;
  /** Holds the checkpoint and the lease. Apply `relayMigrations` first. */
  readonly db: Database;
  /** Relays of one name share a checkpoint and a lease: one is active, the others stand by. Default `default`. */
  readonly name?: string;
  /** Events per publish. Default 500. */
  readonly batchSize?: number;
  /** How often a standby tries to take the lease. Default 1000 ms. */
  readonly standbyRetryMs?: number;
  /** Wait after a failed publish before reading again from the checkpoint. Default 500 ms, doubling to 10 s. */
  readonly retryDelayMs?: number;
  /**
   * The form in which an event leaves the store, or `null` to keep it internal (it is
   * skipped, and the checkpoint moves past it). Default: every event as stored. The apps
   * pass the contracts' `publishedForm`, which drops internal events and secret fields.
   */
  readonly publishedForm?: (event: RecordedEvent) => RecordedEvent | null;
  /** Told about failures that the relay recovers from by itself (a publish that failed, a lost lease). */
  readonly onError?: (error: unknown) => void;
}

export interface RelayStatus {
  readonly active: boolean;
  /** The last position the bus has accepted, as stored. */
  readonly checkpoint: LogPosition | undefined;
  /** Events this process published since it started. */
  readonly published: number;
}

/**
 * Tails the event store's global log and publishes every event to the bus in log order,
 * storing its position in PostgreSQL after the bus has accepted a batch. After a crash it
 * starts again from that position, so it may publish an event twice but never skips one;
 * consumers deduplicate. A session advisory lock keeps one relay of a name active.
 */
export class Relay {
  private readonly name: string;
  private readonly lease: RelayLease;
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private published = 0;
  private checkpoint: LogPosition | undefined;

  constructor(private readonly options: RelayOptions) {
    this.name = options.name ?? 'default';
    this.lease = new RelayLease(options.db, this.name);
  }

  /** Starts standing by for the lease, then relaying; returns at once. */
  start(): void {
    this.running ??= this.standBy().catch((error: unknown) => this.options.onError?.(error));
  }

  /** Stops after the batch in flight, and releases the lease. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
    await this.lease.release();
  }

  status(): RelayStatus {
    return { active: this.lease.held, checkpoint: this.checkpoint, published: this.published };
  }

  private async standBy(): Promise<void> {
    const signal = this.stopping.signal;
    let retryDelay = this.options.retryDelayMs ?? 500;
    while (!signal.aborted) {
      const lost = new AbortController();
      const acquired = await this.lease
        .tryAcquire(() => lost.abort(new Error(`relay '${this.name}' lost its lease`)))
        .catch((error: unknown) => {
          this.options.onError?.(error);
          return false;
        });
      if (!acquired) {
        await delay(this.options.standbyRetryMs ?? 1000, signal);
        continue;
      }
      try {
        await this.relayUntilStopped(AbortSignal.any([signal, lost.signal]));
        retryDelay = this.options.retryDelayMs ?? 500;
      } catch (error) {
        this.options.onError?.(error);
        await delay(retryDelay, signal);
        retryDelay = Math.min(retryDelay * 2, 10_000);
      }
      if (lost.signal.aborted) {
        // A relay that lost its lease is a standby now: it waits like one, so that a
        // healthy standby gets the lease rather than the relay whose connection failed.
        this.options.onError?.(lost.signal.reason);
        await this.lease.release();
        await delay(this.options.standbyRetryMs ?? 1000, signal);
      }
    }
  }

  /** One active period: from the stored checkpoint until stopped, or until a publish fails (it throws then). */
  private async relayUntilStopped(outer: AbortSignal): Promise<void> {
    this.checkpoint = await loadRelayCheckpoint(this.options.db, this.name);
    const failed = new AbortController();
    const signal = AbortSignal.any([outer, failed.signal]);
    const publishedForm = this.options.publishedForm;
    const batcher = new PublishBatcher(
      this.options.batchSize ?? 500,
      async (batch) => {
        const published = publishedForm ? batch.map(publishedForm).filter((event): event is RecordedEvent => event !== null) : batch;
        if (published.length > 0) await this.options.bus.publish(published);
        const last = batch[batch.length - 1]!.logPosition;
        await saveRelayCheckpoint(this.options.db, this.name, last, published.length);
        this.checkpoint = last;
        this.published += published.length;
      },
      (error) => failed.abort(error),
    );
    const subscription = this.options.store.subscribeToAll({ after: this.checkpoint, signal, onEvent: (event) => batcher.add(event) });
    await subscription.done;
    await batcher.drain();
    if (failed.signal.aborted) throw failed.signal.reason;
  }
}

/**
 * Gathers the events a subscription hands over one by one into batches: everything that
 * arrives before the next turn of the event loop goes out in one publish, and the
 * subscription waits while a full batch is in flight, so memory stays bounded.
 */
class PublishBatcher {
  private readonly buffer: RecordedEvent[] = [];
  private flushing: Promise<void> | undefined;
  private failure: unknown;

  constructor(
    private readonly batchSize: number,
    private readonly publish: (batch: RecordedEvent[]) => Promise<void>,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  async add(event: RecordedEvent): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    this.buffer.push(event);
    this.flushing ??= this.flushAll();
    if (this.buffer.length >= this.batchSize) await this.flushing;
  }

  async drain(): Promise<void> {
    await this.flushing;
  }

  private async flushAll(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (this.buffer.length > 0 && this.failure === undefined) await this.publish(this.buffer.splice(0, this.batchSize));
    } catch (error) {
      this.failure = error;
      this.buffer.length = 0;
      this.onFailure(error);
    } finally {
      this.flushing = undefined;
    }
  }
}
