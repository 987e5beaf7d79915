import { type LogPosition, type NewEvent, type RecordedEvent } from './events.js';

/** What the writer believes about the stream; a mismatch is a `ConcurrencyError`. */
export type ExpectedVersion = 'any' | 'no_stream' | 'exists' | number;

export interface AppendResult {
  /** The stream version of the last event appended (or of the original append when repeated). */
  readonly streamVersion: number;
  /** The log position of the last event appended: what read-your-writes waits for. */
  readonly logPosition: LogPosition;
}

/**
 * The least a command handler needs from an event store. Defined here so that domain
 * and feature code depend on the kernel only; every `EventStore` adapter satisfies it.
 */
export interface EventStreamStore {
  /** All events of the stream in version order; `[]` when it does not exist. */
  readStream(streamId: string): Promise<RecordedEvent[]>;
  /** Atomic, idempotent by event id; throws `ConcurrencyError` on a version mismatch. */
  append(streamId: string, events: readonly NewEvent[], expectedVersion: ExpectedVersion): Promise<AppendResult>;
  /**
   * Optional: `append` with the same guarantees, batched with concurrent appends of other
   * streams into one commit (hot paths with many independent streams).
   */
  appendGrouped?(streamId: string, events: readonly NewEvent[], expectedVersion: ExpectedVersion): Promise<AppendResult>;
}

/** Whether a stream at `currentVersion` (-1: no events) meets the writer's expectation. */
export function satisfiesExpectedVersion(expected: ExpectedVersion, currentVersion: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return currentVersion < 0;
  if (expected === 'exists') return currentVersion >= 0;
  return expected === currentVersion;
}
