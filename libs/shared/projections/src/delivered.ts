import { type RecordedEvent } from '@weft/kernel';
import { type Database, type Queryable } from '@weft/postgres';
import { type ProjectionDefinition, liveTables } from './projection.js';
import { applyEvents } from './store-batch.js';

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
 * Raises the stream's stored version to the event's, when it is higher, in one
 * statement: a returned row means this transaction owns the event. Concurrent
 * deliveries of one event wait on the row and then see the raised version.
 */
async function claimStreamVersion(tx: Queryable, projection: string, event: RecordedEvent): Promise<boolean> {
  const { rowCount } = await tx.query(
    `insert into projection_stream_versions (projection, stream_id, version) values ($1, $2, $3)
     on conflict (projection, stream_id) do update set version = excluded.version
       where projection_stream_versions.version < excluded.version
     returning 1`,
    [projection, event.streamId, event.streamVersion],
  );
  return rowCount === 1;
}

async function storeOffset(tx: Queryable, projection: string, delivery: Delivery): Promise<void> {
  // The next offset to read, as Kafka commits it; never moved backwards by a redelivery.
  await tx.query(
    `insert into projection_offsets (projection, topic, partition, "offset") values ($1, $2, $3, $4::bigint + 1)
     on conflict (projection, topic, partition) do update set "offset" = greatest(projection_offsets."offset", excluded."offset")`,
    [projection, delivery.topic, delivery.partition, delivery.offset],
  );
}

/**
 * Applies one event delivered by the bus (at-least-once, ordered per stream) exactly
 * once: only when its stream version is above the stored one, and together with the
 * message's offset. The share lock on the checkpoint row lets consumers run side by
 * side but makes a rebuild's swap wait for them, and them for it.
 */
export async function applyDeliveredEvent(db: Database, definition: ProjectionDefinition, event: RecordedEvent, delivery?: Delivery): Promise<DeliveryOutcome> {
  return db.transaction(async (tx) => {
    await tx.query('select 1 from projection_checkpoints where projection = $1 for share', [definition.name]);
    const claimed = await claimStreamVersion(tx, definition.name, event);
    if (claimed) await applyEvents(tx, { definition, tables: liveTables(definition) }, [event]);
    if (delivery) await storeOffset(tx, definition.name, delivery);
    return claimed ? 'applied' : 'duplicate';
  });
}

/** The next offset to read for `topic`/`partition` (last applied + 1), if any was stored. */
export async function readStoredOffset(db: Queryable, projection: string, topic: string, partition: number): Promise<string | undefined> {
  const { rows } = await db.query<{ offset: string }>(
    'select "offset"::text as "offset" from projection_offsets where projection = $1 and topic = $2 and partition = $3',
    [projection, topic, partition],
  );
  return rows[0]?.offset;
}
