import { InMemoryThrottleStore } from './in-memory-throttle-store.js';
import { LoginThrottle } from './login-throttle.js';
import { describeThrottleStoreContract } from './throttle-store.contract.js';

describeThrottleStoreContract('in memory', () => Promise.resolve(new InMemoryThrottleStore()));

describe('the in-memory throttle store', () => {
  it('bounds memory by forgetting the least recently failing keys', async () => {
    const store = new InMemoryThrottleStore({ maxTrackedKeys: 2 });
    const throttle = new LoginThrottle({ store, perEmail: { maxFailures: 1, windowSeconds: 60 }, clock: () => 0 });
    await throttle.recordFailure('a@example.com', '1.1.1.1');
    await throttle.recordFailure('b@example.com', '1.1.1.2');
    await throttle.recordFailure('c@example.com', '1.1.1.3');
    expect((await throttle.check('a@example.com', '9.9.9.9')).allowed).toBe(true);
    expect((await throttle.check('c@example.com', '9.9.9.9')).allowed).toBe(false);
  });

  it('keeps per key only the latest hits within the window', async () => {
    const store = new InMemoryThrottleStore();
    const limit = { maxFailures: 2, windowSeconds: 10 };
    for (const at of [0, 1_000, 2_000]) await store.record('s', 'k', at, limit);
    expect(await store.recent('s', 'k', -1, 10)).toEqual([1_000, 2_000]);
    await store.record('s', 'k', 20_000, limit);
    expect(await store.recent('s', 'k', -1, 10)).toEqual([20_000]);
  });
});
