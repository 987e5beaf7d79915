import { ANY, NO_STREAM, STREAM_EXISTS, type ResolvedEvent } from '@eventstore/db-client';
import { exactRevision, fromResolved, toEsdbPosition, toEventData, toExpectedRevision, toLogPosition } from './mapping.js';

describe('EventStoreDB mapping', () => {
  it('translates expected versions', () => {
    expect([toExpectedRevision('any'), toExpectedRevision('no_stream'), toExpectedRevision('exists'), toExpectedRevision(7)]).toEqual([
      ANY,
      NO_STREAM,
      STREAM_EXISTS,
      7n,
    ]);
    expect([exactRevision(-1), exactRevision(0)]).toEqual([NO_STREAM, 0n]);
  });

  it('maps $all positions to log positions and back without losing 64-bit precision', () => {
    const position = { commit: 18_446_744_073_709_551_000n, prepare: 18_446_744_073_709_550_999n };
    expect(toLogPosition(position)).toEqual({ transactionId: '18446744073709551000', position: '18446744073709550999' });
    expect(toEsdbPosition(toLogPosition(position))).toEqual(position);
  });

  it('round-trips an event through the stored form', () => {
    const envelope = { schemaVersion: 2, occurredAt: '2026-11-29T01:02:03.004Z', hash: 'abc' };
    const data = toEventData(
      { eventId: '8f14e45f-ceea-4672-9f4c-3c8b2b1b7a01', type: 'Renamed', schemaVersion: 2, data: 'plain', metadata: { organizationId: 'o' } },
      envelope,
    );
    const resolved = {
      event: {
        streamId: 'workflow-1',
        id: data.id,
        isJson: true,
        revision: 4n,
        type: data.type,
        created: new Date(),
        data: data.data,
        metadata: data.metadata,
        position: { commit: 10n, prepare: 9n },
      },
    } as unknown as ResolvedEvent;
    expect(fromResolved(resolved)).toEqual({
      eventId: data.id,
      streamId: 'workflow-1',
      streamVersion: 4,
      type: 'Renamed',
      schemaVersion: 2,
      data: 'plain',
      metadata: { organizationId: 'o' },
      occurredAt: new Date(envelope.occurredAt),
      hash: 'abc',
      logPosition: { transactionId: '10', position: '9' },
    });
  });

  it('skips system events', () => {
    expect(fromResolved({ event: { streamId: '$stats', isJson: true, type: '$statsCollected' } } as unknown as ResolvedEvent)).toBeUndefined();
  });
});
