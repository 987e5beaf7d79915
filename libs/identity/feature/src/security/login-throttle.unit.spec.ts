import { InMemoryThrottleStore } from './in-memory-throttle-store.js';
import { LoginThrottle } from './login-throttle.js';
import { describeLoginThrottleCases } from './login-throttle.contract.js';

describeLoginThrottleCases('the in-memory store', () => Promise.resolve(new InMemoryThrottleStore()));

describe('login throttling by default', () => {
  it('counts in memory, with no store given', async () => {
    const throttle = new LoginThrottle({ perEmail: { maxFailures: 1, windowSeconds: 60 }, clock: () => 0 });
    await throttle.recordFailure('ada@example.com', '1.1.1.1');
    expect(await throttle.check('ada@example.com', '1.1.1.2')).toMatchObject({ allowed: false, limitedBy: 'email' });
  });

  it('keeps throttles of different scopes on one store apart', async () => {
    const store = new InMemoryThrottleStore();
    const login = new LoginThrottle({ store, perEmail: { maxFailures: 1, windowSeconds: 60 }, clock: () => 0 });
    const mail = new LoginThrottle({ store, scope: 'account-mail', perEmail: { maxFailures: 1, windowSeconds: 60 }, clock: () => 0 });
    await login.recordFailure('ada@example.com', '1.1.1.1');
    expect((await login.check('ada@example.com', '1.1.1.1')).allowed).toBe(false);
    expect(await mail.check('ada@example.com', '1.1.1.1')).toEqual({ allowed: true });
  });
});
