import { type RecordedEvent } from '@weft/kernel';
import { type Admin, type Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { createKafka } from './kafka-client.js';
import { type BusSubscription, type BusSubscriptionOptions, DEFAULT_TOPIC_PREFIX, type EventBus, topicOf, batchHandlerOf } from '../event-bus.js';
import { encodeByTopic } from '../event-codec.js';
import { type BusLogger, warningsToStderr } from '../logger.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../redelivery.js';
import { kafkaLogCreator } from './kafka-logging.js';
import { KafkaSubscription } from './kafka-subscription.js';
import { TopicProvisioner } from './kafka-topics.js';

export interface KafkaEventBusConfig {
  readonly brokers: readonly string[];
  /** Default `weft`. */
  readonly clientId?: string;
  /** Topics are `<topicPrefix>.<context>.events`; default `weft`. */
  readonly topicPrefix?: string;
  /** Partitions of a topic the bus creates; default 3. */
  readonly partitions?: number;
  /** Replication factor of a topic the bus creates; default: the broker's. */
  readonly replicationFactor?: number;
  /** Partitions one subscription handles at the same time (each one event at a time); default 3. */
  readonly partitionsConsumedConcurrently?: number;
  /** Backoff between attempts at a failing handler; default 100 ms doubling to 5 s. */
  readonly retry?: RetryPolicy;
  /** kafkajs's warnings and errors and the bus's own; default: stderr. */
  readonly logger?: BusLogger;
  /** Longest a fetch waits for new events; bounds how long `stop` waits for a fetch. Default 1000 ms. */
  readonly maxWaitTimeMs?: number;
}

/**
 * The `EventBus` on Kafka through kafkajs 2.2.4. Durability is acks=-1; ordering per
 * stream comes from the key and one request in flight per broker connection, since the
 * producer is deliberately not idempotent nor transactional (both unreliable in kafkajs):
 * exactly-once effects are the consumers' job, by deduplicating.
 * Everything kafkajs-specific stays in this folder, so another client can replace it.
 */
export class KafkaEventBus implements EventBus {
  private readonly kafka: Kafka;
  private readonly topicPrefix: string;
  private readonly logger: BusLogger;
  private readonly topics: TopicProvisioner;
  private readonly subscriptions = new Set<KafkaSubscription>();
  private producer: Promise<Producer> | undefined;
  private admin: Promise<Admin> | undefined;
  private closed = false;

  constructor(private readonly config: KafkaEventBusConfig) {
    this.topicPrefix = config.topicPrefix ?? DEFAULT_TOPIC_PREFIX;
    this.logger = config.logger ?? warningsToStderr;
    this.kafka = createKafka({
      clientId: config.clientId ?? 'weft',
      brokers: [...config.brokers],
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator(this.logger),
    });
    this.topics = new TopicProvisioner(() => this.connectedAdmin(), {
      partitions: config.partitions ?? 3,
      ...(config.replicationFactor !== undefined && { replicationFactor: config.replicationFactor }),
    });
  }

  async publish(events: readonly RecordedEvent[]): Promise<void> {
    this.assertOpen();
    // Routing throws before anything is sent: an unroutable event fails the whole batch.
    const byTopic = encodeByTopic(events, this.topicPrefix);
    if (byTopic.size === 0) return;
    await this.topics.ensure([...byTopic.keys()]);
    const producer = await this.connectedProducer();
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({
        topic,
        messages: messages.map(({ key, value, headers }) => ({ key, value, headers: { ...headers } })),
      })),
    });
  }

  async subscribe(options: BusSubscriptionOptions): Promise<BusSubscription> {
    this.assertOpen();
    if (options.contexts.length === 0) throw new Error(`subscription '${options.group}' names no context`);
    batchHandlerOf(options); // fails fast on a subscription without exactly one handler
    const topics = options.contexts.map((context) => topicOf(context, this.topicPrefix));
    await this.topics.ensure(topics);
    const consumer = this.kafka.consumer({
      groupId: options.group,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: this.config.maxWaitTimeMs ?? 1_000,
    });
    const subscription = new KafkaSubscription(
      consumer,
      {
        topics,
        options,
        logger: this.logger,
        retry: this.config.retry ?? DEFAULT_RETRY,
        partitionsConsumedConcurrently: this.config.partitionsConsumedConcurrently ?? 3,
      },
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    try {
      await subscription.start();
    } catch (error) {
      await subscription.stop({ graceMs: 0 });
      throw error;
    }
    return subscription;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await Promise.all([this.producer, this.admin].map((client) => disconnect(client)));
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event bus is closed');
  }

  private connectedProducer(): Promise<Producer> {
    this.producer ??= connect(
      this.kafka.producer({
        allowAutoTopicCreation: false,
        // Without idempotence, a retried request could overtake a later one: keep one in flight.
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      }),
      () => (this.producer = undefined),
    );
    return this.producer;
  }

  private connectedAdmin(): Promise<Admin> {
    this.admin ??= connect(this.kafka.admin(), () => (this.admin = undefined));
    return this.admin;
  }
}

/** Disconnects a client that connected; one that failed to connect has nothing to close. */
async function disconnect(client: Promise<{ disconnect(): Promise<void> }> | undefined): Promise<void> {
  const connected = await client?.catch(() => undefined);
  await connected?.disconnect();
}

/** Connects once; a failed connection is forgotten, so the next call tries again. */
async function connect<T extends { connect(): Promise<void> }>(client: T, forget: () => void): Promise<T> {
  try {
    await client.connect();
    return client;
  } catch (error) {
    forget();
    throw error;
  }
}
