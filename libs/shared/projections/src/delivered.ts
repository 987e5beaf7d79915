import { type RecordedEvent } from '@weft/kernel';
import { type Database, type Queryable } from '@weft/postgres';
import { applyDeliveredBatch } from './delivered-batch.js';
import { type ProjectionDefinition } from './projection.js';

/** Where a bus message came from: stored with the apply so the consumer resumes there. */
export interface Delivery {
  readonly topic: string;
  readonly partition: number;
  /** The message's offset (decimal string, as kafkajs gives it). */
  readonly offset: string;
}

/** `applied`: the event took effect now; `duplicate`: its stream version was already applied. */
export type DeliveryOutcome = 'applied' | 'duplicate';

/**
 * Applies one event delivered by the bus (at-least-once, ordered per stream) exactly
 * once: a batch of one, so one mechanism decides what a delivery changes.
 */
export async function applyDeliveredEvent(db: Database, definition: ProjectionDefinition, event: RecordedEvent, delivery?: Delivery): Promise<DeliveryOutcome> {
  const outcome = await applyDeliveredBatch(db, definition, [delivery ? { event, delivery } : { event }]);
  return outcome.applied > 0 ? 'applied' : 'duplicate';
}

/** The next offset to read for `topic`/`partition` (last applied + 1), if any was stored. */
export async function readStoredOffset(db: Queryable, projection: string, topic: string, partition: number): Promise<string | undefined> {
  const { rows } = await db.query<{ offset: string }>(
    'select "offset"::text as "offset" from projection_offsets where projection = $1 and topic = $2 and partition = $3',
    [projection, topic, partition],
  );
  return rows[0]?.offset;
}
