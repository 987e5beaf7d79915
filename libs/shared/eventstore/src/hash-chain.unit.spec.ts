import { createHash } from 'node:crypto';
import { canonicalJson } from '@weft/kernel';
import { canonicalEventParts, eventHash } from './hash-chain.js';

describe('canonical JSON and the hash chain', () => {
  it('orders keys, drops undefined members and honours toJSON', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, undefined, 'x'], c: undefined }, t: new Date('2026-01-01T00:00:00Z') })).toBe(
      '{"a":{"d":[1,null,"x"]},"b":1,"t":"2026-01-01T00:00:00.000Z"}',
    );
  });

  it('gives the same text for the same value built in another key order', () => {
    expect(canonicalJson({ x: { q: 1, p: 2 }, y: null })).toBe(canonicalJson({ y: null, x: { p: 2, q: 1 } }));
  });

  const event = {
    streamId: 's-1',
    streamVersion: 0,
    eventId: '0B1A5D6E-8C43-4B5E-9F0A-1234567890AB',
    type: 'Happened',
    schemaVersion: 1,
    data: { a: 1 },
    metadata: { organizationId: 'o' },
    occurredAt: new Date('2026-11-29T00:00:00Z'),
  };

  it('chains each hash to the previous one', () => {
    const first = eventHash('', event);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(eventHash(first, { ...event, streamVersion: 1 })).not.toBe(eventHash('', { ...event, streamVersion: 1 }));
  });

  it('changes when any covered field changes', () => {
    const base = eventHash('', event);
    expect(eventHash('', { ...event, data: { a: 2 } })).not.toBe(base);
    expect(eventHash('', { ...event, type: 'Other' })).not.toBe(base);
    expect(eventHash('', { ...event, occurredAt: new Date('2026-11-29T00:00:00.001Z') })).not.toBe(base);
    expect(eventHash('', { ...event, eventId: event.eventId.toLowerCase() })).toBe(base);
  });

  it('splits the canonical event around its version exactly', () => {
    const { head, tail } = canonicalEventParts(event);
    const whole = canonicalJson({ ...event, eventId: event.eventId.toLowerCase(), occurredAt: event.occurredAt.toISOString(), streamVersion: 12 });
    expect(`${head}12${tail}`).toBe(whole);
    expect(eventHash('prev', { ...event, streamVersion: 12 })).toBe(createHash('sha256').update(`prev\n${whole}`).digest('hex'));
  });

  it('hashes absent data and metadata as the database returns them', () => {
    const { data: _data, metadata: _metadata, ...bare } = event;
    expect(eventHash('', { ...bare, data: undefined, metadata: undefined })).toBe(eventHash('', { ...bare, data: null, metadata: {} }));
  });
});
