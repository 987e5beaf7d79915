import { type Consumer, type EachBatchPayload, type IHeaders, type KafkaMessage } from 'kafkajs';
import { type BatchHandler, type BusSubscription, type BusSubscriptionOptions, type DeliveredMessage, type StopOptions, batchHandlerOf } from '../event-bus.js';
import { decodeEvent } from '../event-codec.js';
import { type BusLogger } from '../logger.js';
import { deliverUntilAcknowledged, type RetryPolicy } from '../redelivery.js';
import { ResumeGate } from './resume-gate.js';
import { subscribeWhenReady } from './subscribe-when-ready.js';

export interface KafkaSubscriptionSettings {
  readonly topics: readonly string[];
  readonly options: BusSubscriptionOptions;
  readonly logger: BusLogger;
  readonly retry: RetryPolicy;
  readonly partitionsConsumedConcurrently: number;
}

/** Within a long batch, acknowledged offsets are committed at least this often. */
const COMMIT_INTERVAL_MS = 1_000;
const DEFAULT_GRACE_MS = 5_000;

/**
 * One consumer-group member. Partitions are consumed one event at a time (so a stream's
 * events stay in order), several partitions at once; offsets are committed explicitly,
 * only for events whose handler resolved.
 */
export class KafkaSubscription implements BusSubscription {
  /** Aborted when stopping: no new attempt at a failing event. */
  private readonly drain = new AbortController();
  /** Aborted past the grace period: a running handler is abandoned. */
  private readonly abort = new AbortController();
  private readonly gate: ResumeGate | undefined;
  private readonly handler: { readonly handle: BatchHandler; readonly maxBatchSize: number };
  private stopped: Promise<void> | undefined;

  constructor(
    private readonly consumer: Consumer,
    private readonly settings: KafkaSubscriptionSettings,
    private readonly onStopped: () => void,
  ) {
    this.handler = batchHandlerOf(settings.options);
    const { resumeFrom } = settings.options;
    this.gate = resumeFrom && new ResumeGate(resumeFrom, (topic, partition, offset) => consumer.seek({ topic, partition, offset }));
  }

  /** Connects, subscribes and resolves once the member has joined its group. */
  async start(): Promise<void> {
    const { consumer, settings } = this;
    const joined = this.firstJoin();
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => this.gate?.assigned(payload.memberAssignment));
    await consumer.connect();
    await subscribeWhenReady(consumer, { topics: [...settings.topics], fromBeginning: settings.options.fromBeginning ?? false });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: settings.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.handleBatch(payload),
    });
    await joined;
  }

  stop(options: StopOptions = {}): Promise<void> {
    this.stopped ??= this.shutdown(options.graceMs ?? DEFAULT_GRACE_MS);
    return this.stopped;
  }

  private async shutdown(graceMs: number): Promise<void> {
    this.drain.abort();
    // Past the grace period, a running handler is abandoned: its event stays unacknowledged.
    const timer = setTimeout(() => this.abort.abort(), Math.max(0, graceMs));
    try {
      await this.consumer.disconnect();
    } finally {
      clearTimeout(timer);
      this.abort.abort();
      this.onStopped();
    }
  }

  private firstJoin(): Promise<void> {
    const { consumer } = this;
    return new Promise<void>((resolve, reject) => {
      const removeJoin = consumer.on(consumer.events.GROUP_JOIN, () => {
        removeJoin();
        removeCrash();
        resolve();
      });
      const removeCrash = consumer.on(consumer.events.CRASH, ({ payload }) => {
        removeJoin();
        removeCrash();
        reject(payload.error);
      });
    });
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    await this.gate?.ready(batch.topic, batch.partition);
    let uncommitted: string | undefined;
    let lastCommit = Date.now();
    try {
      for (let start = 0; start < batch.messages.length; start += this.handler.maxBatchSize) {
        if (!payload.isRunning() || payload.isStale() || this.abort.signal.aborted) break;
        const slice = batch.messages.slice(start, start + this.handler.maxBatchSize);
        if (!(await this.deliver(slice, batch.topic, batch.partition, payload.heartbeat))) break;
        const last = slice[slice.length - 1]!.offset;
        payload.resolveOffset(last);
        uncommitted = last;
        if (Date.now() - lastCommit >= COMMIT_INTERVAL_MS) {
          await this.commit(batch.topic, batch.partition, uncommitted);
          uncommitted = undefined;
          lastCommit = Date.now();
        }
        await payload.heartbeat();
      }
    } finally {
      // Also on the way out of a stop or a rebalance: what was acknowledged is committed.
      if (uncommitted !== undefined) await this.commit(batch.topic, batch.partition, uncommitted);
    }
  }

  /** True once the handler resolved for the whole slice; false when the subscription stopped first. */
  private deliver(messages: readonly KafkaMessage[], topic: string, partition: number, heartbeat: () => Promise<void>): Promise<boolean> {
    const { options, logger, retry } = this.settings;
    const first = messages[0]!;
    return deliverUntilAcknowledged(
      async () => {
        // Decoded on every attempt: a handler may not keep a failed attempt's objects.
        const decoded: DeliveredMessage[] = messages.map((message) => ({
          event: decodeEvent(message.value?.toString('utf8') ?? ''),
          delivery: { topic, partition, offset: message.offset, headers: headersOf(message.headers) },
        }));
        await this.handler.handle(decoded);
      },
      {
        signal: this.abort.signal,
        stopRetrying: this.drain.signal,
        retry,
        beforeRetry: heartbeat,
        onFailure: (error, failures, delayMs) => {
          const headers = headersOf(first.headers);
          logger({
            level: 'warn',
            message: 'event handler failed; the event is delivered again',
            fields: {
              group: options.group,
              topic,
              partition,
              offset: first.offset,
              events: messages.length,
              eventId: headers['event-id'],
              eventType: headers['event-type'],
              failures,
              delayMs,
              error: error instanceof Error ? error.message : String(error),
            },
          });
        },
      },
    );
  }

  private async commit(topic: string, partition: number, handledOffset: string): Promise<void> {
    // Kafka's committed offset is the next one to read.
    await this.consumer.commitOffsets([{ topic, partition, offset: (BigInt(handledOffset) + 1n).toString() }]);
  }
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name] = first.toString();
  }
  return result;
}
