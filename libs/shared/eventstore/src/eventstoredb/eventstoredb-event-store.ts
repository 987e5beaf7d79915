import {
  type ReadPosition,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  StreamDeletedError as EsdbStreamDeletedError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  ConcurrencyError,
  canonicalJson,
  EventIdConflictError,
  StreamDeletedError,
  UserError,
  satisfiesExpectedVersion,
  type AppendResult,
  type ExpectedVersion,
  type LogPosition,
  type NewEvent,
  type RecordedEvent,
  type UpcasterRegistry,
} from '@weft/kernel';
import { catchUpSubscription, delay } from '../catch-up-subscription.js';
import {
  type EventStore,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RetentionPolicy,
  type StreamLifecycle,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.js';
import { eventHash } from '../hash-chain.js';
import { exactRevision, fromResolved, toEsdbPosition, toEventData } from './mapping.js';

export interface EventStoreDbOptions {
  readonly upcasters?: UpcasterRegistry;
  readonly now?: () => Date;
  /** How far back an append looks for its own ids, to recognise a repeat. Default 1000 events. */
  readonly repeatWindow?: number;
  readonly pollIntervalMs?: number;
}

const APPEND_ATTEMPTS = 5;

/**
 * The event store on EventStoreDB. EventStoreDB deduplicates by event id only when the
 * expected revision is exact, so every append reads the stream's tail, recognises a
 * repeat itself, checks the port's expectation, and appends at the exact revision,
 * starting again when another writer got there first.
 */
export class EventStoreDbEventStore implements EventStore, StreamLifecycle {
  private readonly stopAll = new AbortController();

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: EventStoreDbOptions = {},
  ) {}

  static fromConnectionString(url: string, options?: EventStoreDbOptions): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(url), options);
  }

  async append(streamId: string, events: readonly NewEvent[], expectedVersion: ExpectedVersion): Promise<AppendResult> {
    if (events.length === 0) throw new UserError('validation', 'append.empty', 'An append needs at least one event');
    let serverVersion: number | undefined;
    for (let attempt = 1; ; attempt++) {
      const tail = await this.readRaw(streamId, { direction: 'backward', maxCount: this.options.repeatWindow ?? 1000 });
      const repeat = repeatOf(tail, streamId, events);
      if (repeat) return repeat;
      // Retention can hide every event of a stream that exists: then the server's word counts.
      const current = tail[0]?.streamVersion ?? serverVersion ?? -1;
      if (!satisfiesExpectedVersion(expectedVersion, current)) throw new ConcurrencyError(streamId, expectedVersion, current < 0 ? undefined : current);
      try {
        return await this.appendAt(streamId, events, current, tail[0]?.hash ?? '');
      } catch (error) {
        // Another writer got there first: the next attempt sees either a repeat of this
        // very append or the new version, and judges the expectation against it.
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (attempt >= APPEND_ATTEMPTS) throw new ConcurrencyError(streamId, expectedVersion, undefined);
        serverVersion = typeof error.actualVersion === 'bigint' ? Number(error.actualVersion) : undefined;
      }
    }
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.upcast(await this.readRaw(streamId, options));
  }

  /** Events after `options.after` in $all order (system events left out); filters apply client-side. */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const wanted = Math.min(options.maxCount ?? 1000, 10_000);
    const found: RecordedEvent[] = [];
    let from: ReadPosition = options.after ? toEsdbPosition(options.after) : START;
    for (;;) {
      let read = 0;
      let lastPosition: LogPosition | undefined;
      for await (const resolved of this.client.readAll({ fromPosition: from, direction: FORWARDS, maxCount: 500 })) {
        read++;
        const event = fromResolved(resolved);
        const position = resolved.event?.position;
        if (position) lastPosition = { transactionId: position.commit.toString(), position: position.prepare.toString() };
        if (!event || (options.after && samePosition(event.logPosition, options.after))) continue;
        if (matchesFilter(event, options.filter)) found.push(event);
        if (found.length >= wanted) return this.upcast(found);
      }
      if (read < 500 || !lastPosition) return this.upcast(found);
      from = toEsdbPosition(lastPosition);
      options = { ...options, after: lastPosition };
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const signal = options.signal ? AbortSignal.any([options.signal, this.stopAll.signal]) : this.stopAll.signal;
    const source = {
      batchSize: 500,
      readBatch: (after: LogPosition | undefined, filter: ReadAllOptions['filter'], maxCount: number) => this.readAll({ after, filter, maxCount }),
      waitForAppend: (wait: AbortSignal) => delay(this.options.pollIntervalMs ?? 100, wait),
    };
    return catchUpSubscription(source, { ...options, signal });
  }

  async headPosition(): Promise<LogPosition | undefined> {
    for await (const resolved of this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1000 })) {
      const event = fromResolved(resolved);
      if (event) return event.logPosition;
    }
    return undefined;
  }

  async deleteStream(streamId: string): Promise<void> {
    await this.client.tombstoneStream(streamId);
  }

  /** EventStoreDB hides events beyond `$maxAge`/`$maxCount` at once; scavenging reclaims the space. */
  async setStreamRetention(streamId: string, policy: RetentionPolicy | undefined): Promise<void> {
    const maxAge = policy?.maxAgeMs === undefined ? undefined : Math.max(1, Math.ceil(policy.maxAgeMs / 1000));
    await this.client.setStreamMetadata(streamId, { maxAge, maxCount: policy?.maxCount });
  }

  /** Nothing to do: the server enforces retention on read (see `setStreamRetention`). */
  async applyRetention(): Promise<number> {
    return 0;
  }

  async close(): Promise<void> {
    this.stopAll.abort();
    await this.client.dispose();
  }

  private async appendAt(streamId: string, events: readonly NewEvent[], current: number, previousHash: string): Promise<AppendResult> {
    const occurredAt = (this.options.now ?? (() => new Date()))();
    let hash = previousHash;
    const data = events.map((event, i) => {
      hash = eventHash(hash, { ...event, streamId, streamVersion: current + 1 + i, occurredAt });
      return toEventData(event, { schemaVersion: event.schemaVersion, occurredAt: occurredAt.toISOString(), hash });
    });
    await this.client.appendToStream(streamId, data, { expectedRevision: exactRevision(current) });
    // Read our own last event back by its revision (not the stream's tail, which another
    // writer may already have moved): its $all position is what read-your-writes waits for.
    const [last] = await this.readRaw(streamId, { fromVersion: current + events.length, maxCount: 1 });
    if (!last) throw new Error(`Stream ${streamId} lost the event it just appended`);
    return { streamVersion: last.streamVersion, logPosition: last.logPosition };
  }

  private async readRaw(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backward = options.direction === 'backward';
    const fromRevision = options.fromVersion === undefined ? (backward ? END : START) : BigInt(options.fromVersion);
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, {
        direction: backward ? BACKWARDS : FORWARDS,
        fromRevision,
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      })) {
        const event = fromResolved(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      if (error instanceof EsdbStreamDeletedError) throw new StreamDeletedError(streamId);
      throw error;
    }
    return events;
  }

  private upcast(events: RecordedEvent[]): RecordedEvent[] {
    const upcasters = this.options.upcasters;
    return upcasters ? events.map((event) => upcasters.upcast(event)) : events;
  }
}

/** The original result when the tail already holds these events; an error if it holds them differently. */
function repeatOf(tail: readonly RecordedEvent[], streamId: string, events: readonly NewEvent[]): AppendResult | undefined {
  const byId = new Map(tail.map((event) => [event.eventId.toLowerCase(), event]));
  const stored = events.map((event) => byId.get(event.eventId.toLowerCase()));
  if (stored.every((event) => event === undefined)) return undefined;
  for (const [i, event] of events.entries()) {
    const original = stored[i];
    const sameAsOriginal =
      original &&
      original.streamId === streamId &&
      original.type === event.type &&
      original.schemaVersion === event.schemaVersion &&
      original.streamVersion === (stored[0]?.streamVersion ?? -1) + i &&
      canonicalJson(original.data) === canonicalJson(event.data ?? null) &&
      canonicalJson(original.metadata) === canonicalJson(event.metadata ?? {});
    if (!sameAsOriginal) throw new EventIdConflictError(event.eventId);
  }
  const last = stored.at(-1)!;
  return { streamVersion: last.streamVersion, logPosition: last.logPosition };
}

function samePosition(a: LogPosition, b: LogPosition): boolean {
  return a.transactionId === b.transactionId && a.position === b.position;
}

function matchesFilter(event: RecordedEvent, filter: ReadAllOptions['filter']): boolean {
  if (filter?.typePrefix && !event.type.startsWith(filter.typePrefix)) return false;
  return !filter?.organizationId || event.metadata.organizationId === filter.organizationId;
}
