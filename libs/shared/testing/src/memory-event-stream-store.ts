import {
  type AppendResult,
  ConcurrencyError,
  type EventStreamStore,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
  satisfiesExpectedVersion,
} from '@weft/kernel';

/**
 * An event stream store in memory, for unit specs of command handlers and runners that
 * decide against real streams without a database: expected versions are checked as the
 * real stores check them; there is no log order, hash or repeat recognition.
 */
export class MemoryEventStreamStore implements EventStreamStore {
  private readonly streams = new Map<string, RecordedEvent[]>();
  private position = 0;

  readStream(streamId: string): Promise<RecordedEvent[]> {
    return Promise.resolve([...(this.streams.get(streamId) ?? [])]);
  }

  append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    const stream = this.streams.get(streamId) ?? [];
    const current = stream.length - 1;
    if (!satisfiesExpectedVersion(expected, current)) return Promise.reject(new ConcurrencyError(streamId, String(expected), current));
    for (const event of events) {
      this.position += 1;
      stream.push({
        ...event,
        streamId,
        streamVersion: stream.length,
        logPosition: { transactionId: '1', position: String(this.position) },
        occurredAt: new Date(),
        hash: '',
      });
    }
    this.streams.set(streamId, stream);
    return Promise.resolve({ streamVersion: stream.length - 1, logPosition: { transactionId: '1', position: String(this.position) } });
  }
}
