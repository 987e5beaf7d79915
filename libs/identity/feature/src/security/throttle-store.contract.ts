import { randomUUID } from 'node:crypto';
import { type ThrottleStore } from './throttle-store.js';

const limit = { maxFailures: 3, windowSeconds: 60 };

/**
 * The behaviour every `ThrottleStore` adapter promises. Register it from a spec file
 * with a factory; scopes are fresh per test, so adapters may share one table.
 */
export function describeThrottleStoreContract(name: string, factory: () => Promise<ThrottleStore>): void {
  describe(`ThrottleStore contract: ${name}`, () => {
    let store: ThrottleStore;
    let scope: string;
    beforeEach(async () => {
      store = await factory();
      scope = `test-${randomUUID()}`;
    });

    it('has no hits for a key never recorded', async () => {
      expect(await store.recent(scope, 'nobody', 0, 3)).toEqual([]);
    });

    it('reads the hits later than `since`, oldest first, at most the latest `max`', async () => {
      for (const at of [1_000, 2_000, 3_000, 4_000]) await store.record(scope, 'k', at, limit);
      expect(await store.recent(scope, 'k', 0, 3)).toEqual([2_000, 3_000, 4_000]);
      expect(await store.recent(scope, 'k', 2_000, 3)).toEqual([3_000, 4_000]);
      expect(await store.recent(scope, 'k', 0, 1)).toEqual([4_000]);
    });

    it('keeps hits at the same millisecond apart', async () => {
      await store.record(scope, 'k', 5_000, limit);
      await store.record(scope, 'k', 5_000, limit);
      expect(await store.recent(scope, 'k', 0, 3)).toEqual([5_000, 5_000]);
    });

    it('keeps keys and scopes apart', async () => {
      const other = `test-${randomUUID()}`;
      await store.record(scope, 'a', 1_000, limit);
      await store.record(scope, 'b', 2_000, limit);
      await store.record(other, 'a', 3_000, limit);
      expect(await store.recent(scope, 'a', 0, 3)).toEqual([1_000]);
      expect(await store.recent(other, 'a', 0, 3)).toEqual([3_000]);
    });

    it('clears one key of one scope only', async () => {
      const other = `test-${randomUUID()}`;
      await store.record(scope, 'a', 1_000, limit);
      await store.record(scope, 'b', 1_000, limit);
      await store.record(other, 'a', 1_000, limit);
      await store.clear(scope, 'a');
      expect(await store.recent(scope, 'a', 0, 3)).toEqual([]);
      expect(await store.recent(scope, 'b', 0, 3)).toEqual([1_000]);
      expect(await store.recent(other, 'a', 0, 3)).toEqual([1_000]);
    });
  });
}
