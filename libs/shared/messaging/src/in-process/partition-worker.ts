import { type BatchHandler, type BusSubscriptionOptions, type DeliveredMessage, batchHandlerOf } from '../event-bus.js';
import { decodeEvent } from '../event-codec.js';
import { type BusLogger } from '../logger.js';
import { deliverUntilAcknowledged, type RetryPolicy } from '../redelivery.js';
import { type InProcessTopic, type StoredMessage } from './in-process-log.js';

/** What a worker needs from its group: committed offsets. */
export interface OffsetStore {
  committedOffset(topic: string, partition: number): number | undefined;
  commit(topic: string, partition: number, nextOffset: number): void;
}

export interface WorkerSettings {
  readonly topic: InProcessTopic;
  readonly partition: number;
  readonly options: BusSubscriptionOptions;
  readonly offsets: OffsetStore;
  readonly retry: RetryPolicy;
  readonly logger: BusLogger;
}

/**
 * Consumes one partition for one group member, one event at a time: the next event is
 * handed out only after the handler resolved for this one and its offset was committed.
 */
export class PartitionWorker {
  /** Aborted when the worker must give up, even on a running handler. */
  private readonly abandon = new AbortController();
  /** Aborted when the worker must stop taking new events. */
  private readonly drain = new AbortController();
  private readonly done: Promise<void>;
  private readonly handler: { readonly handle: BatchHandler; readonly maxBatchSize: number };

  constructor(private readonly settings: WorkerSettings) {
    this.handler = batchHandlerOf(settings.options);
    this.done = this.run();
  }

  /** Lets a running handler finish for up to `graceMs`, then abandons it (its event stays unacknowledged). */
  async stop(graceMs: number): Promise<void> {
    this.drain.abort();
    const timer = setTimeout(() => this.abandon.abort(), Math.max(0, graceMs));
    try {
      await this.done;
    } finally {
      clearTimeout(timer);
    }
  }

  private async run(): Promise<void> {
    const { topic, partition, offsets } = this.settings;
    let position = await this.startPosition();
    while (position !== undefined && !this.drain.signal.aborted) {
      const messages = this.available(position);
      if (messages.length === 0) {
        await topic.nextAppend(this.drain.signal);
        continue;
      }
      if (!(await this.deliver(messages))) return;
      position += messages.length;
      offsets.commit(topic.name, partition, position);
    }
  }

  /** `resumeFrom`'s stored offset + 1, else the group's committed offset, else the start or the end. */
  private async startPosition(): Promise<number | undefined> {
    const { topic, partition, options, offsets } = this.settings;
    let position: number | undefined;
    const found = await this.retrying(
      async () => {
        const stored = options.resumeFrom ? await options.resumeFrom(topic.name, partition) : undefined;
        position =
          stored !== undefined
            ? Number(stored) + 1
            : (offsets.committedOffset(topic.name, partition) ?? (options.fromBeginning ? 0 : topic.endOffset(partition)));
      },
      { stage: 'resumeFrom' },
    );
    return found ? position : undefined;
  }

  /** The messages already in the partition from `position` on, at most one batch. */
  private available(position: number): StoredMessage[] {
    const messages: StoredMessage[] = [];
    for (let message = this.settings.topic.at(this.settings.partition, position); message && messages.length < this.handler.maxBatchSize;) {
      messages.push(message);
      message = this.settings.topic.at(this.settings.partition, position + messages.length);
    }
    return messages;
  }

  private deliver(messages: readonly StoredMessage[]): Promise<boolean> {
    const { topic, partition } = this.settings;
    const first = messages[0]!;
    const batch = (): DeliveredMessage[] =>
      messages.map((message) => ({
        event: decodeEvent(message.value),
        delivery: { topic: topic.name, partition, offset: String(message.offset), headers: message.headers },
      }));
    return this.retrying(() => this.handler.handle(batch()), {
      stage: 'onEvent',
      offset: String(first.offset),
      events: messages.length,
      eventId: first.headers['event-id'],
      eventType: first.headers['event-type'],
    });
  }

  private retrying(attempt: () => Promise<void>, fields: Record<string, unknown>): Promise<boolean> {
    const { topic, partition, options, retry, logger } = this.settings;
    return deliverUntilAcknowledged(attempt, {
      signal: this.abandon.signal,
      stopRetrying: this.drain.signal,
      retry,
      onFailure: (error, failures, delayMs) =>
        logger({
          level: 'warn',
          message: 'event handler failed; the event is delivered again',
          fields: {
            group: options.group,
            topic: topic.name,
            partition,
            ...fields,
            failures,
            delayMs,
            error: error instanceof Error ? error.message : String(error),
          },
        }),
    });
  }
}
