import { randomUUID } from 'node:crypto';
import { type Admin, type Consumer, type Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { type Item, type RunResult } from '@weft/engine-core';
import { TopicProvisioner, createKafka, subscribeWhenReady } from '@weft/messaging';

/**
 * Work for the workers: run a queued execution (already recorded in its stream, so a
 * lost job is still found by the workers' recovery scan), or resume a waiting one with
 * its resume webhook's request. `replyTo`: the inbox of the service replica waiting
 * to answer the caller with the result.
 */
export type ExecutionJob =
  | { readonly kind: 'run'; readonly executionId: string; readonly organizationId: string; readonly replyTo: string | null }
  | { readonly kind: 'resume'; readonly executionId: string; readonly organizationId: string; readonly items: Item[] | null };

/** What every worker hears (the control topic): a cancel recorded by the execution service, for whichever worker runs it. */
export type ExecutionControl = { readonly kind: 'cancel'; readonly executionId: string };

/** What a worker sends back to a waiting service replica; `result: null` when it is too large to send (the caller gets 202). */
export interface ExecutionJobResult {
  readonly executionId: string;
  readonly replyTo: string;
  readonly result: Omit<RunResult, 'checkpoint'> | null;
}

export interface ExecutionJobsConfig {
  readonly brokers: readonly string[];
  readonly topicPrefix: string;
  /** Partitions of the jobs topic: the most workers that share the load. */
  readonly partitions: number;
  /** How long a service replica waits for a result before answering 202 with the execution id. */
  readonly resultTimeoutMs: number;
}

/** Results larger than this are not sent (Kafka's default message limit is 1 MB); the caller reads the execution instead. */
const MAX_RESULT_BYTES = 900_000;

const topicsOf = (prefix: string) => ({ jobs: `${prefix}.execution.jobs`, results: `${prefix}.execution.results`, control: `${prefix}.execution.control` });

/**
 * The Kafka side of distributed execution: the execution service publishes jobs and
 * waits for results in its own inbox; workers consume the jobs as one consumer group
 * (each job goes to one worker) and publish results. kafkajs directly: a job is one
 * small message, and the consumer's pace is the worker's fair queue, not Nest's.
 * Control messages (cancels) go to every worker: each reads the control topic in a
 * consumer group of its own, from its end.
 */
export class KafkaExecutionJobs {
  private readonly kafka: Kafka;
  private readonly topics: { jobs: string; results: string; control: string };
  private producer: Producer | undefined;
  private consumer: Consumer | undefined;
  private controlConsumer: Consumer | undefined;
  private controlJoined = false;
  private readonly waiting = new Map<string, { resolve: (result: ExecutionJobResult['result'] | undefined) => void; timer: NodeJS.Timeout }>();
  /** This replica's inbox name (results for others are skipped). */
  readonly inbox = randomUUID();
  private joined = false;

  constructor(private readonly config: ExecutionJobsConfig) {
    this.kafka = createKafka({
      clientId: 'weft-execution',
      brokers: [...config.brokers],
      logLevel: logLevel.WARN,
      retry: { retries: 8, initialRetryTime: 100 },
    });
    this.topics = topicsOf(config.topicPrefix);
  }

  /** True once this process can publish (and, for a service, receive its results). */
  get ready(): boolean {
    return this.producer !== undefined && (this.consumer === undefined || this.joined) && (this.controlConsumer === undefined || this.controlJoined);
  }

  /** The service side: a producer for jobs and a consumer of results (a group of its own: every replica reads every result). */
  async startService(): Promise<void> {
    await this.ensureTopics();
    this.producer = await this.connectedProducer();
    this.consumer = await this.consume(
      `${this.config.topicPrefix}.execution-results.${this.inbox}`,
      this.topics.results,
      false,
      () => (this.joined = true),
      (message) => {
        if (message.key?.toString() !== this.inbox) return;
        const result = JSON.parse(message.value.toString()) as ExecutionJobResult;
        const waiter = this.waiting.get(result.executionId);
        if (waiter === undefined) return;
        clearTimeout(waiter.timer);
        this.waiting.delete(result.executionId);
        waiter.resolve(result.result);
      },
    );
  }

  /**
   * The worker side: consume jobs as the `workers` group; `handle` resolves once the job
   * is taken (not run). `control` hears every control message published from now on.
   */
  async startWorker(handle: (job: ExecutionJob) => Promise<void>, control?: (message: ExecutionControl) => void): Promise<void> {
    await this.ensureTopics();
    this.producer = await this.connectedProducer();
    this.consumer = await this.consume(
      `${this.config.topicPrefix}.execution-workers`,
      this.topics.jobs,
      true,
      () => (this.joined = true),
      (message) => handle(JSON.parse(message.value.toString()) as ExecutionJob),
      this.config.partitions,
    );
    if (control === undefined) return;
    this.controlConsumer = await this.consume(
      `${this.config.topicPrefix}.execution-control.${this.inbox}`,
      this.topics.control,
      false,
      () => (this.controlJoined = true),
      (message) => control(JSON.parse(message.value.toString()) as ExecutionControl),
    );
  }

  /** A consumer of `topic` in `groupId` that hands each message with a value to `handle`; `joined` when it has joined its group. */
  private async consume(
    groupId: string,
    topic: string,
    fromBeginning: boolean,
    joined: () => void,
    handle: (message: { key: Buffer | null; value: Buffer }) => void | Promise<void>,
    partitionsConsumedConcurrently = 1,
  ): Promise<Consumer> {
    const consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    consumer.on(consumer.events.GROUP_JOIN, joined);
    await consumer.connect();
    await subscribeWhenReady(consumer, { topics: [topic], fromBeginning });
    await consumer.run({
      partitionsConsumedConcurrently,
      eachMessage: async ({ message }) => {
        if (message.value !== null) await handle({ key: message.key, value: message.value });
      },
    });
    return consumer;
  }

  /** Tells every worker (the service side publishes, any side may). */
  async publishControl(message: ExecutionControl): Promise<void> {
    await this.requireProducer().send({ topic: this.topics.control, acks: -1, messages: [{ key: message.executionId, value: JSON.stringify(message) }] });
  }

  async publish(job: ExecutionJob): Promise<void> {
    await this.requireProducer().send({ topic: this.topics.jobs, acks: -1, messages: [{ key: job.executionId, value: JSON.stringify(job) }] });
  }

  /** Waits for the result of a job published with `replyTo: inbox`; `undefined` after the timeout. Register before publishing. */
  awaitResult(executionId: string): Promise<ExecutionJobResult['result'] | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(executionId);
        resolve(undefined);
      }, this.config.resultTimeoutMs);
      timer.unref();
      this.waiting.set(executionId, { resolve, timer });
    });
  }

  async reply(replyTo: string, executionId: string, result: RunResult): Promise<void> {
    const { checkpoint: _checkpoint, ...rest } = result;
    let value = JSON.stringify({ executionId, replyTo, result: rest } satisfies ExecutionJobResult);
    if (Buffer.byteLength(value) > MAX_RESULT_BYTES) value = JSON.stringify({ executionId, replyTo, result: null } satisfies ExecutionJobResult);
    await this.requireProducer().send({ topic: this.topics.results, acks: -1, messages: [{ key: replyTo, value }] });
  }

  async stop(): Promise<void> {
    for (const waiter of this.waiting.values()) {
      clearTimeout(waiter.timer);
      waiter.resolve(undefined);
    }
    this.waiting.clear();
    await this.consumer?.disconnect().catch(() => undefined);
    await this.controlConsumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
  }

  private requireProducer(): Producer {
    if (this.producer === undefined) throw new Error('execution jobs: not started');
    return this.producer;
  }

  private async connectedProducer(): Promise<Producer> {
    const producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    return producer;
  }

  private async ensureTopics(): Promise<void> {
    let connected: Promise<Admin> | undefined;
    const admin = () =>
      (connected ??= (async () => {
        const client = this.kafka.admin();
        await client.connect();
        return client;
      })());
    try {
      await Promise.all([
        new TopicProvisioner(admin, { partitions: this.config.partitions }).ensure([this.topics.jobs]),
        new TopicProvisioner(admin, { partitions: 1 }).ensure([this.topics.results, this.topics.control]),
      ]);
    } finally {
      if (connected) await (await connected).disconnect();
    }
  }
}
