import { type RecordedEvent } from '@weft/kernel';
import {
  type BusSubscription,
  type BusSubscriptionOptions,
  DEFAULT_TOPIC_PREFIX,
  type EventBus,
  type StopOptions,
  topicOf,
  batchHandlerOf,
} from '../event-bus.js';
import { encodeByTopic } from '../event-codec.js';
import { type BusLogger, warningsToStderr } from '../logger.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../redelivery.js';
import { ConsumerGroup, type GroupMember } from './consumer-group.js';
import { InProcessLog } from './in-process-log.js';

export interface InProcessEventBusConfig {
  /** Topics are `<topicPrefix>.<context>.events`; default `weft`. */
  readonly topicPrefix?: string;
  /** Partitions per topic (hash of the stream id picks one); default 3. */
  readonly partitions?: number;
  /** Backoff between attempts at a failing handler; default 100 ms doubling to 5 s. */
  readonly retry?: RetryPolicy;
  readonly logger?: BusLogger;
  /** How long a rebalance waits for running handlers; default 30 s. */
  readonly rebalanceTimeoutMs?: number;
}

const DEFAULT_GRACE_MS = 5_000;

/**
 * The `EventBus` inside one process, for embedded mode: the same topics, partitions,
 * consumer groups, committed offsets, redelivery, delivery info and `resumeFrom` as on
 * Kafka, held in memory. It is not durable: a restart loses every message and offset.
 * That is why embedded projectors read the event store itself; this bus serves the
 * in-process consumers (sagas, workers) that only need what happens while the process runs.
 * Messages are stored encoded, so consumers get their own copy of each event.
 */
export class InProcessEventBus implements EventBus {
  private readonly log: InProcessLog;
  private readonly groups = new Map<string, ConsumerGroup>();
  private readonly subscriptions = new Set<BusSubscription>();
  private readonly topicPrefix: string;
  private closed = false;

  constructor(private readonly config: InProcessEventBusConfig = {}) {
    this.topicPrefix = config.topicPrefix ?? DEFAULT_TOPIC_PREFIX;
    this.log = new InProcessLog(config.partitions ?? 3);
  }

  async publish(events: readonly RecordedEvent[]): Promise<void> {
    this.assertOpen();
    // Every event is routed before any is appended: an unroutable event fails the whole batch.
    for (const [topic, messages] of encodeByTopic(events, this.topicPrefix)) {
      for (const message of messages) this.log.topic(topic).append(message);
    }
  }

  async subscribe(options: BusSubscriptionOptions): Promise<BusSubscription> {
    this.assertOpen();
    if (options.contexts.length === 0) throw new Error(`subscription '${options.group}' names no context`);
    batchHandlerOf(options); // fails fast on a subscription without exactly one handler
    const member: GroupMember = { topics: options.contexts.map((context) => topicOf(context, this.topicPrefix)), options };
    const group = this.group(options.group);
    await group.join(member);
    let stopped: Promise<void> | undefined;
    const subscription: BusSubscription = {
      stop: (stopOptions: StopOptions = {}) => {
        stopped ??= group.leave(member, stopOptions.graceMs ?? DEFAULT_GRACE_MS).finally(() => this.subscriptions.delete(subscription));
        return stopped;
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
  }

  private group(name: string): ConsumerGroup {
    let group = this.groups.get(name);
    if (!group) {
      group = new ConsumerGroup(this.log, {
        retry: this.config.retry ?? DEFAULT_RETRY,
        logger: this.config.logger ?? warningsToStderr,
        rebalanceTimeoutMs: this.config.rebalanceTimeoutMs ?? 30_000,
      });
      this.groups.set(name, group);
    }
    return group;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event bus is closed');
  }
}
