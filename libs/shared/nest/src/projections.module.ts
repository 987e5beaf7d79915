import { type DynamicModule, Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type EventStore, delay } from '@weft/eventstore';
import { type BusSubscription, KafkaEventBus } from '@weft/messaging';
import { type Database, type QueryDatabase } from '@weft/postgres';
import { type NewEvent } from '@weft/kernel';
import { type ProjectionDefinition, ProjectionWaitTimeoutError, ProjectionWatermarks, Projector } from '@weft/projections';
import { EVENT_STORE } from './backbone.module.js';
import { type PlatformConfig } from '@weft/config';
import { HealthModule, ReadinessRegistry } from '@weft/http';

/** A read model and the contexts whose events it reads (the bus topics in distributed mode). */
export interface RegisteredProjection {
  readonly definition: ProjectionDefinition;
  readonly contexts: readonly string[];
}

export interface ProjectionsOptions {
  readonly database: Database;
  /** Told about each write read-your-writes waited for, so the query APIs' replica reads wait for it too (none: no replica to tell). */
  readonly queryDatabase?: QueryDatabase;
  readonly config: PlatformConfig;
  readonly projections: readonly RegisteredProjection[];
  /** `store`: follow the event store (embedded mode); `bus`: consume Kafka (distributed mode). */
  readonly source: 'store' | 'bus';
}

/** What a command answered: where its events landed. */
export interface WrittenPosition {
  readonly streamId: string;
  readonly streamVersion: number;
  /** The organization the write belongs to: its reads from a replica then wait until the replica has it. */
  readonly organizationId?: string | undefined;
}

const PROJECTORS = Symbol('Projectors');
const OPTIONS = Symbol('ProjectionsOptions');

/**
 * Read-your-writes for the gateway: after a command, wait (bounded) until the read
 * models the next query reads have applied the command's stream version. A timeout is
 * not an error: the write happened; the answer says the read may lag. With a read
 * replica, a write of an organization that was waited for is remembered, so the next
 * query of that organization also waits until the replica has replayed it.
 */
@Injectable()
export class ReadYourWrites {
  constructor(
    private readonly watermarks: ProjectionWatermarks,
    @Inject(OPTIONS) private readonly options: ProjectionsOptions,
  ) {}

  /** True once every named projection has the write; false when `timeoutMs` passed first. */
  async waitFor(written: WrittenPosition, projections: readonly string[], timeoutMs = this.options.config.readYourWritesTimeoutMs): Promise<boolean> {
    if (written.streamVersion < 0 || projections.length === 0) return true;
    try {
      await this.watermarks.waitForProjections({ projections, streamId: written.streamId, streamVersion: written.streamVersion }, { timeoutMs });
      if (written.organizationId !== undefined) await this.options.queryDatabase?.rememberWrite(written.organizationId);
      return true;
    } catch (error) {
      if (error instanceof ProjectionWaitTimeoutError) return false;
      throw error;
    }
  }

  /**
   * After `handleCommand` on `streamId`: waits until `projections` show what the command
   * appended, or, for a retried command, what it appended the first time. A command that
   * decided nothing has nothing to wait for.
   */
  async afterCommand(
    streamId: string,
    result: { readonly newEvents: readonly Pick<NewEvent, 'metadata'>[]; readonly replayed: boolean; readonly streamVersion: number },
    projections: readonly string[],
  ): Promise<boolean> {
    if (result.newEvents.length === 0 && !result.replayed) return true;
    return this.waitFor({ streamId, streamVersion: result.streamVersion, organizationId: result.newEvents.at(-1)?.metadata.organizationId }, projections);
  }
}

/**
 * Runs the process's projections: from the event store (embedded) or from Kafka
 * (distributed; one consumer group per projection, offsets kept with the writes).
 * A runner that fails starts again from its checkpoint after a pause.
 */
@Global()
@Module({})
export class ProjectionsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('projections');
  private readonly stopping = new AbortController();
  private readonly running: Promise<void>[] = [];
  private readonly subscriptions: BusSubscription[] = [];
  private bus: KafkaEventBus | undefined;
  private readonly failing = new Map<string, string>();

  constructor(
    @Inject(OPTIONS) private readonly options: ProjectionsOptions,
    @Inject(PROJECTORS) private readonly projectors: readonly Projector[],
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readiness: ReadinessRegistry,
  ) {}

  static forRoot(options: ProjectionsOptions): DynamicModule {
    const watermarks = new ProjectionWatermarks(options.database);
    const projectors = options.projections.map(({ definition }) => new Projector(options.database, definition, { watermarks }));
    return {
      module: ProjectionsModule,
      imports: [HealthModule],
      providers: [
        { provide: OPTIONS, useValue: options },
        { provide: PROJECTORS, useValue: projectors },
        { provide: ProjectionWatermarks, useValue: watermarks },
        ReadYourWrites,
      ],
      exports: [ReadYourWrites, ProjectionWatermarks],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const projector of this.projectors) await projector.ensureTables();
    this.readiness.register('projections', async () => {
      if (this.failing.size > 0) throw new Error([...this.failing].map(([name, reason]) => `${name}: ${reason}`).join('; '));
    });
    if (this.options.source === 'store') {
      for (const [index, projector] of this.projectors.entries()) this.running.push(this.followStore(projector, this.options.projections[index]!.contexts));
    } else {
      this.bus = new KafkaEventBus({
        brokers: this.options.config.kafkaBrokers,
        topicPrefix: this.options.config.kafkaTopicPrefix,
        clientId: 'weft-projector',
      });
      for (const [index, projector] of this.projectors.entries())
        this.subscriptions.push(await this.consume(projector, this.options.projections[index]!.contexts));
    }
    this.logger.log(`${this.projectors.length} projection(s) running from the ${this.options.source}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.subscriptions.map((subscription) => subscription.stop()));
    await Promise.all(this.running);
    await this.bus?.close();
  }

  private async followStore(projector: Projector, contexts: readonly string[]): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      try {
        await projector.runFromStore(this.store, signal, contexts);
        this.failing.delete(projector.name);
      } catch (error) {
        this.failing.set(projector.name, error instanceof Error ? error.message : String(error));
        this.logger.error(`projection ${projector.name} failed; restarting from its checkpoint: ${this.failing.get(projector.name)}`);
        await delay(1000, signal);
      }
    }
  }

  private consume(projector: Projector, contexts: readonly string[]): Promise<BusSubscription> {
    return this.bus!.subscribe({
      group: `${this.options.config.kafkaTopicPrefix}.projection.${projector.name}`,
      contexts,
      fromBeginning: true,
      resumeFrom: (topic, partition) => projector.lastAppliedOffset(topic, partition),
      onBatch: async (batch) => void (await projector.applyDeliveredBatch(batch)),
    });
  }
}
