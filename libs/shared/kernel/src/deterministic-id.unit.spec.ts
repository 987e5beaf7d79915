import { WEFT_EVENT_NAMESPACE, deterministicEventId, uuidV5 } from './deterministic-id.js';

describe('deterministic event ids', () => {
  it('computes RFC 9562 version-5 UUIDs (reference values from Python uuid.uuid5)', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(uuidV5('6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'weft:événement/ü')).toBe('924a5844-56ef-58be-a4d8-2a7daf8d1b76');
  });

  it('pads every message length right, across the one- and two-block boundaries (reference values from Python uuid.uuid5)', () => {
    const expected: Record<number, string> = {
      0: '10462e97-302c-533c-8877-31f15bb4a92e',
      1: '938c8962-2934-5e28-9856-8fcfc6a29c61',
      39: '9b98e614-1f56-521f-9ad5-5ba87cf84483',
      40: '264efed7-15cc-531f-b715-248eac63316a',
      47: 'fa349e91-a74f-5f15-967e-6f5a43dc5f01',
      48: '19fa3dbd-6d2c-5241-b197-9f2bf7a71373',
      55: '1af65de8-9923-5d24-8145-33539eaa02fc',
      56: '4ad2f402-c1b8-5f8f-b516-56a052918484',
      63: '276afb44-0fc8-59e7-88d1-a13b5282579b',
      64: '5812b341-87bb-5570-9b3e-82d03a4cb0b7',
      119: 'fd54e6ee-b6e8-5132-a4ce-b39ef55aaa67',
      120: 'a97ab3f8-d192-5494-9c04-fce85fe10a96',
      1000: 'e61f0820-a924-5cff-b168-58925e9180e8',
    };
    for (const [length, id] of Object.entries(expected)) expect(uuidV5(WEFT_EVENT_NAMESPACE, 'a'.repeat(Number(length)))).toBe(id);
    expect(deterministicEventId('cmd-1', 0)).toBe('af448866-ed46-5764-836d-1de39df2d018');
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
