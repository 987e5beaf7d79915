import { type RecordedEvent } from '@weft/kernel';

/**
 * The bus carries stored events between processes: the relay publishes what the event
 * store recorded; projectors, sagas and workers consume. Delivery is at-least-once and
 * ordered per stream (the message key); consumers deduplicate by event id or stream
 * version. Adapters: `KafkaEventBus` (distributed) and `InProcessEventBus` (embedded).
 */
export interface EventBus {
  /**
   * Publishes each event to its context's topic (`<topicPrefix>.<context>.events`, the
   * context taken from the stream id), keyed by stream id. Resolves once the broker has
   * durably accepted every event (Kafka: acks=-1). Rejects with `UnroutableEventError`,
   * before anything is sent, when an event's stream id names no context.
   */
  publish(events: readonly RecordedEvent[]): Promise<void>;
  /** Starts a member of consumer group `options.group`; resolves once it is consuming. */
  subscribe(options: BusSubscriptionOptions): Promise<BusSubscription>;
  /** Stops every subscription and disconnects from the broker. */
  close(): Promise<void>;
}

/** Where a delivered event sits in the log: resume positions are stored per (topic, partition). */
export interface EventDelivery {
  readonly topic: string;
  readonly partition: number;
  /** The message's offset in its partition, as a decimal string (64-bit in Kafka). */
  readonly offset: string;
  /** The message headers (`event-id`, `event-type`, `schema-version`, …), for tracing. */
  readonly headers: Readonly<Record<string, string>>;
}

export type EventHandler = (event: RecordedEvent, delivery: EventDelivery) => Promise<void>;

/** A delivered event with its place in the log. */
export interface DeliveredMessage {
  readonly event: RecordedEvent;
  readonly delivery: EventDelivery;
}

/**
 * Handles consecutive events of one partition at once, in offset order. Resolving
 * acknowledges all of them; throwing has the whole batch delivered again.
 */
export type BatchHandler = (batch: readonly DeliveredMessage[]) => Promise<void>;

export interface BusSubscriptionOptions {
  /** Consumer group: each event goes to one member of the group. */
  readonly group: string;
  /** Contexts whose topics to read (`<topicPrefix>.<context>.events`). */
  readonly contexts: readonly string[];
  /** Where a group with no committed offset starts: the oldest event (true) or new ones only. */
  readonly fromBeginning?: boolean;
  /**
   * Resolve to acknowledge (the offset is committed after, never before); throw to have
   * the event delivered again: it is retried in this process with a bounded backoff and
   * nothing after it on its partition is delivered first.
   */
  readonly onEvent?: EventHandler;
  /**
   * Instead of `onEvent`: up to `maxBatchSize` consecutive events of a partition at a
   * time (what is already fetched; it never waits to fill a batch), with the same
   * acknowledgement and redelivery rules. A consumer that writes to a database does one
   * transaction per batch instead of one per event. Give exactly one of the two.
   */
  readonly onBatch?: BatchHandler;
  /** Most events per `onBatch` call. Default 500. */
  readonly maxBatchSize?: number;
  /**
   * The last offset the consumer has stored for a partition, when it keeps its own
   * positions (a projector stores them in the transaction of its writes). Asked on every
   * partition assignment; the subscription then continues at that offset + 1, whatever
   * the group committed. `undefined`: continue from the group's committed offset.
   */
  readonly resumeFrom?: (topic: string, partition: number) => Promise<string | undefined>;
}

export interface StopOptions {
  /**
   * How long to wait for a running handler to finish (default 5000 ms). A handler still
   * running afterwards is abandoned: its event is not acknowledged, so the group gets it again.
   */
  readonly graceMs?: number;
}

export interface BusSubscription {
  /** Stops consuming and leaves the group; the member's partitions move to the others. */
  stop(options?: StopOptions): Promise<void>;
}

/** The batch handler a subscription runs: `onBatch`, or `onEvent` wrapped. Throws unless exactly one is given. */
export function batchHandlerOf(options: BusSubscriptionOptions): { readonly handle: BatchHandler; readonly maxBatchSize: number } {
  const { onEvent, onBatch } = options;
  if ((onEvent === undefined) === (onBatch === undefined)) throw new Error(`subscription '${options.group}' needs exactly one of onEvent and onBatch`);
  if (onBatch) return { handle: onBatch, maxBatchSize: Math.max(1, options.maxBatchSize ?? 500) };
  return { handle: async ([message]) => onEvent!(message!.event, message!.delivery), maxBatchSize: 1 };
}

/** Topic names: `<prefix>.<context>.events`; the prefix lets tests and tenants of a broker stay apart. */
export const DEFAULT_TOPIC_PREFIX = 'weft';

/** The topic of a context. */
export const topicOf = (context: string, topicPrefix: string = DEFAULT_TOPIC_PREFIX): string => `${topicPrefix}.${context}.events`;
