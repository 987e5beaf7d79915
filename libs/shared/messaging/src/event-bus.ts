import { type RecordedEvent } from '@weft/kernel';

/**
 * The bus carries stored events between processes: the relay publishes what the event
 * store recorded; projectors, sagas and workers consume. Delivery is at-least-once and
 * ordered per stream (the message key); consumers deduplicate by event id.
 */
export interface EventBus {
  /** Resolves once the broker has durably accepted every event (Kafka: acks=-1). */
  publish(events: readonly RecordedEvent[]): Promise<void>;
  /** Starts a consumer in `group`; the handler's success acknowledges the event. */
  subscribe(options: BusSubscriptionOptions): Promise<BusSubscription>;
  close(): Promise<void>;
}

export interface BusSubscriptionOptions {
  /** Consumer group: each event goes to one member of the group. */
  readonly group: string;
  /** Contexts whose topics to read (`weft.<context>.events`). */
  readonly contexts: readonly string[];
  readonly fromBeginning?: boolean;
  /** Resolve to acknowledge; throw to have the event redelivered. */
  readonly onEvent: (event: RecordedEvent) => Promise<void>;
}

export interface BusSubscription {
  stop(): Promise<void>;
}

/** The topic of a context. */
export const topicOf = (context: string): string => `weft.${context}.events`;
