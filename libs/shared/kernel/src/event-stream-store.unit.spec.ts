import { satisfiesExpectedVersion } from './event-stream-store.js';

describe('expected versions', () => {
  it.each([
    ['any', -1, true],
    ['any', 4, true],
    ['no_stream', -1, true],
    ['no_stream', 0, false],
    ['exists', -1, false],
    ['exists', 0, true],
    [3, 3, true],
    [2, 3, false],
    [0, -1, false],
  ] as const)('%p against version %p: %p', (expected, current, satisfied) => {
    expect(satisfiesExpectedVersion(expected, current)).toBe(satisfied);
  });
});
