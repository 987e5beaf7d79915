import { type DynamicModule, Global, Inject, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { publishedForm } from '@weft/contracts';
import { PostgresEventStore } from '@weft/eventstore';
import { KafkaEventBus, Relay } from '@weft/messaging';
import { type Database } from '@weft/postgres';
import { type PlatformConfig } from '@weft/config';
import { HealthModule, ReadinessRegistry } from '@weft/http';

/** Injection token of the process's `EventStore`. */
export const EVENT_STORE = Symbol('EventStore');
const RELAY = Symbol('Relay');

export interface BackboneOptions {
  readonly database: Database;
  readonly config: PlatformConfig;
  /**
   * Run the relay (event store → Kafka) in this process. Distributed mode runs it in the
   * projector app; several replicas may, one of them is active at a time.
   */
  readonly relay: boolean;
}

/**
 * The event-sourcing backbone of a process: the event store, and where the process
 * relays, the relay to Kafka. Both take part in readiness.
 */
@Global()
@Module({})
export class BackboneModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('backbone');

  constructor(
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    private readonly readiness: ReadinessRegistry,
    @Optional() @Inject(RELAY) private readonly relay?: Relay,
    @Optional() @Inject(KafkaEventBus) private readonly bus?: KafkaEventBus,
  ) {}

  static forRoot(options: BackboneOptions): DynamicModule {
    const store = new PostgresEventStore(options.database);
    const providers: DynamicModule['providers'] = [{ provide: EVENT_STORE, useValue: store }];
    if (options.relay) {
      const bus = new KafkaEventBus({ brokers: options.config.kafkaBrokers, topicPrefix: options.config.kafkaTopicPrefix, clientId: 'weft-relay' });
      // Only the public form of events leaves the store (no internal events, no secrets).
      const relay = new Relay({ store, bus, db: options.database, publishedForm, onError: (error) => new Logger('relay').warn(describe(error)) });
      providers.push({ provide: RELAY, useValue: relay }, { provide: KafkaEventBus, useValue: bus });
    }
    return { module: BackboneModule, imports: [HealthModule], providers, exports: [EVENT_STORE] };
  }

  onApplicationBootstrap(): void {
    this.readiness.register('eventStore', async () => {
      await this.store.headPosition();
    });
    if (this.relay) {
      this.relay.start();
      this.logger.log('relay started (active once it holds the lease)');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.bus?.close();
    await this.store.close();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
