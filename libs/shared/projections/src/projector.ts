import { type EventStore } from '@weft/eventstore';
import { type LogPosition, type RecordedEvent, contextOfStream } from '@weft/kernel';
import { type Database } from '@weft/postgres';
import { ensureCheckpointRow, readCheckpoint } from './checkpoints.js';
import { type Delivery, type DeliveryOutcome, applyDeliveredEvent, readStoredOffset } from './delivered.js';
import { type DeliveredBatchOutcome, type DeliveredEvent, applyDeliveredBatch } from './delivered-batch.js';
import { type ProjectionDefinition, liveTables, validateProjection } from './projection.js';
import { type RebuildOptions, type RebuildReport, rebuildProjection } from './rebuild.js';
import { type BatchProgress, type BatchTarget } from './store-batch.js';
import { runFromStore } from './store-runner.js';
import { createMissingTables } from './tables.js';
import { type ProjectionWatermarks } from './watermarks.js';

export interface ProjectorOptions {
  /** Most events per transaction when following the store. Default 1000. */
  readonly maxBatch?: number;
  /** Told about every commit, so read-your-writes waits in this process end at once. */
  readonly watermarks?: ProjectionWatermarks;
}

/**
 * Runs one projection: from the store (embedded mode, rebuilds) or from bus
 * deliveries (distributed mode), each event taking effect exactly once. Needs
 * `projectionMigrations` applied and `ensureTables()` called once at start-up.
 */
export class Projector {
  private readonly live: BatchTarget;

  constructor(
    private readonly db: Database,
    readonly definition: ProjectionDefinition,
    private readonly options: ProjectorOptions = {},
  ) {
    validateProjection(definition);
    this.live = { definition, checkpointName: definition.name, tables: liveTables(definition) };
  }

  get name(): string {
    return this.definition.name;
  }

  /** Creates the read-model tables that do not exist yet and the checkpoint row. Idempotent. */
  async ensureTables(): Promise<void> {
    await createMissingTables(this.db, this.definition, this.live.tables);
    await ensureCheckpointRow(this.db, this.definition.name);
  }

  /**
   * Follows the store from the checkpoint until `signal` aborts; rejects when a batch
   * fails. With `contexts`, events of other contexts (and those the definition's
   * `accepts` refuses) are skipped without a transaction.
   */
  runFromStore(store: EventStore, signal: AbortSignal, contexts?: readonly string[]): Promise<void> {
    const accepts = this.definition.accepts;
    const inContexts = contexts === undefined ? () => true : (event: RecordedEvent) => contexts.includes(contextOfStream(event.streamId) ?? '');
    return runFromStore(this.db, store, this.live, signal, {
      maxBatch: this.options.maxBatch ?? 1000,
      ...(this.definition.lingerMs === undefined ? {} : { lingerMs: this.definition.lingerMs }),
      onCommitted: (progress) => this.announce(progress),
      relevant: (event) => inContexts(event) && (accepts === undefined || accepts(event)),
    });
  }

  /** Applies a bus delivery unless its stream version was applied already; stores `delivery`'s offset with it. */
  async applyDelivered(event: RecordedEvent, delivery?: Delivery): Promise<DeliveryOutcome> {
    const outcome = await applyDeliveredEvent(this.db, this.definition, event, delivery);
    this.options.watermarks?.advanced(this.name, { streams: new Map([[event.streamId, event.streamVersion]]) });
    return outcome;
  }

  /** Applies bus deliveries in one transaction, each event unless its stream version was applied already. */
  async applyDeliveredBatch(batch: readonly DeliveredEvent[]): Promise<DeliveredBatchOutcome> {
    const outcome = await applyDeliveredBatch(this.db, this.definition, batch);
    this.options.watermarks?.advanced(this.name, { streams: outcome.streams });
    return outcome;
  }

  /**
   * The last offset on `topic`/`partition` whose event this projection applied, if it
   * stored one: what a bus subscription's `resumeFrom` wants (it continues at this + 1).
   */
  async lastAppliedOffset(topic: string, partition: number): Promise<string | undefined> {
    const next = await readStoredOffset(this.db, this.name, topic, partition);
    return next === undefined ? undefined : (BigInt(next) - 1n).toString();
  }

  /** The live checkpoint: the last log position applied from the store. */
  checkpoint(): Promise<LogPosition | undefined> {
    return readCheckpoint(this.db, this.name);
  }

  /** Replays the log into shadow tables and swaps them in; see `rebuildProjection`. */
  async rebuild(store: EventStore, options?: RebuildOptions): Promise<RebuildReport> {
    const report = await rebuildProjection(this.db, store, this.definition, options);
    this.options.watermarks?.advanced(this.name, { position: report.position });
    return report;
  }

  private announce(progress: BatchProgress): void {
    this.options.watermarks?.advanced(this.name, { position: progress.position, streams: progress.streams });
  }
}
