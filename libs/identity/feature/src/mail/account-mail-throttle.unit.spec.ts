import { UserError } from '@weft/kernel';
import { InMemoryThrottleStore, LoginThrottle } from '../security/index.js';
import { accountMailThrottle, admitMailRequest } from './account-mail-throttle.js';

const refusal = async (run: () => Promise<void>): Promise<UserError | undefined> => {
  try {
    await run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  return undefined;
};

describe('the account mail throttle', () => {
  it('admits three requests per address an hour, then answers 429 with when to retry', async () => {
    let now = 0;
    const throttle = accountMailThrottle({ clock: () => now });
    for (let i = 0; i < 3; i++) expect(await refusal(() => admitMailRequest(throttle, 'ada@example.com', '10.0.0.1'))).toBeUndefined();
    const error = await refusal(() => admitMailRequest(throttle, ' ADA@example.com', '10.0.0.2'));
    expect(error).toMatchObject({ kind: 'rate_limited', code: 'auth.too_many_mail_requests', details: { retryAfterSeconds: 3600 } });
    expect(await refusal(() => admitMailRequest(throttle, 'grace@example.com', '10.0.0.1'))).toBeUndefined();
    now = 3600 * 1000 + 1;
    expect(await refusal(() => admitMailRequest(throttle, 'ada@example.com', '10.0.0.1'))).toBeUndefined();
  });

  it('admits twenty requests per client address an hour, whatever the addresses', async () => {
    const throttle = accountMailThrottle({ clock: () => 0 });
    for (let i = 0; i < 20; i++) await admitMailRequest(throttle, `user${i}@example.com`, '10.0.0.9');
    expect((await refusal(() => admitMailRequest(throttle, 'someone@example.com', '10.0.0.9')))?.code).toBe('auth.too_many_mail_requests');
  });

  it('never shares counts with the login throttle on the same store', async () => {
    const store = new InMemoryThrottleStore();
    const mail = accountMailThrottle({ store, clock: () => 0 });
    const login = new LoginThrottle({ store, clock: () => 0 });
    for (let i = 0; i < 3; i++) await admitMailRequest(mail, 'ada@example.com', '10.0.0.1');
    expect(await login.check('ada@example.com', '10.0.0.1')).toEqual({ allowed: true });
    for (let i = 0; i < 5; i++) await login.recordFailure('grace@example.com', '10.0.0.2');
    expect(await refusal(() => admitMailRequest(mail, 'grace@example.com', '10.0.0.2'))).toBeUndefined();
  });
});
