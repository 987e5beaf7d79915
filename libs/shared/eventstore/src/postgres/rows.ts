import { type EventMetadata, type RecordedEvent } from '@weft/kernel';

/** The columns every read selects, in the shape `toRecordedEvent` maps. */
export const EVENT_COLUMNS = `global_position::text as global_position, transaction_id::text as transaction_id, stream_id,
  stream_version::int as stream_version, event_id::text as event_id, type, schema_version, data, metadata, occurred_at, hash`;

export interface EventRow {
  readonly global_position: string;
  readonly transaction_id: string;
  readonly stream_id: string;
  readonly stream_version: number;
  readonly event_id: string;
  readonly type: string;
  readonly schema_version: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly occurred_at: Date;
  readonly hash: string;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    occurredAt: row.occurred_at,
    hash: row.hash,
    logPosition: { transactionId: row.transaction_id, position: row.global_position },
  };
}
