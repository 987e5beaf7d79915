import { WEFT_EVENT_NAMESPACE, deterministicEventId, uuidV5 } from './deterministic-id.js';

describe('deterministic event ids', () => {
  it('computes RFC 9562 version-5 UUIDs (reference values from Python uuid.uuid5)', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(uuidV5('6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'weft:événement/ü')).toBe('924a5844-56ef-58be-a4d8-2a7daf8d1b76');
  });

  it('hashes names longer than one SHA-1 block', () => {
    const long = 'x'.repeat(1000);
    expect(uuidV5(WEFT_EVENT_NAMESPACE, long)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidV5(WEFT_EVENT_NAMESPACE, long)).not.toBe(uuidV5(WEFT_EVENT_NAMESPACE, `${long}y`));
  });

  it('derives the same id for the same command and index, and different ids otherwise', () => {
    expect(deterministicEventId('cmd-1', 0)).toBe(deterministicEventId('cmd-1', 0));
    expect(new Set([deterministicEventId('cmd-1', 0), deterministicEventId('cmd-1', 1), deterministicEventId('cmd-2', 0)]).size).toBe(3);
  });

  it('rejects a namespace that is not a UUID', () => {
    expect(() => uuidV5('nope', 'x')).toThrow('Not a UUID');
  });
});
