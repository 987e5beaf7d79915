import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  jsonEvent,
  type AppendExpectedRevision,
  type EventData,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { type EventMetadata, type ExpectedVersion, type LogPosition, type NewEvent, type RecordedEvent } from '@weft/kernel';

/** Where the adapter keeps what EventStoreDB has no field for, inside the event metadata. */
const ENVELOPE = '$weft';

interface Envelope {
  readonly schemaVersion: number;
  readonly occurredAt: string;
  readonly hash: string;
}

/** The port's expectation as EventStoreDB's, for an append that only checks the server side. */
export function toExpectedRevision(expected: ExpectedVersion): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'exists') return STREAM_EXISTS;
  return BigInt(expected);
}

/** The exact revision to append at after the adapter checked the expectation itself. */
export function exactRevision(currentVersion: number): AppendExpectedRevision {
  return currentVersion < 0 ? NO_STREAM : BigInt(currentVersion);
}

/** $all positions map onto the log position pair: commit first, as $all is ordered. */
export function toLogPosition(position: Position): LogPosition {
  return { transactionId: position.commit.toString(), position: position.prepare.toString() };
}

export function toEsdbPosition(position: LogPosition): Position {
  return { commit: BigInt(position.transactionId), prepare: BigInt(position.position) };
}

export function toEventData(event: NewEvent, envelope: Envelope): EventData {
  return jsonEvent({
    id: event.eventId,
    type: event.type,
    data: { value: event.data ?? null },
    metadata: { ...event.metadata, [ENVELOPE]: envelope },
  });
}

/** The port's recorded event, or `undefined` for what is not one (system events, links). */
export function fromResolved(resolved: ResolvedEvent): RecordedEvent | undefined {
  const recorded = resolved.event;
  if (!recorded || !recorded.isJson || recorded.streamId.startsWith('$') || recorded.type.startsWith('$')) return undefined;
  const { [ENVELOPE]: envelope, ...metadata } = (recorded.metadata ?? {}) as EventMetadata & { [ENVELOPE]?: Envelope };
  const position =
    recorded.position ?? (resolved.commitPosition === undefined ? undefined : { commit: resolved.commitPosition, prepare: resolved.commitPosition });
  return {
    eventId: recorded.id,
    streamId: recorded.streamId,
    streamVersion: Number(recorded.revision),
    type: recorded.type,
    schemaVersion: envelope?.schemaVersion ?? 1,
    data: (recorded.data as { value?: unknown }).value ?? null,
    metadata,
    occurredAt: envelope ? new Date(envelope.occurredAt) : recorded.created,
    hash: envelope?.hash ?? '',
    logPosition: position ? toLogPosition(position) : { transactionId: '-1', position: '-1' },
  };
}
