import { UserError } from '@weft/kernel';
import { accountMailThrottle, admitMailRequest } from './account-mail-throttle.js';

const refusal = (run: () => void): UserError | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  return undefined;
};

describe('the account mail throttle', () => {
  it('admits three requests per address an hour, then answers 429 with when to retry', () => {
    let now = 0;
    const throttle = accountMailThrottle({ clock: () => now });
    for (let i = 0; i < 3; i++) expect(refusal(() => admitMailRequest(throttle, 'ada@example.com', '10.0.0.1'))).toBeUndefined();
    const error = refusal(() => admitMailRequest(throttle, ' ADA@example.com', '10.0.0.2'));
    expect(error).toMatchObject({ kind: 'rate_limited', code: 'auth.too_many_mail_requests', details: { retryAfterSeconds: 3600 } });
    expect(refusal(() => admitMailRequest(throttle, 'grace@example.com', '10.0.0.1'))).toBeUndefined();
    now = 3600 * 1000 + 1;
    expect(refusal(() => admitMailRequest(throttle, 'ada@example.com', '10.0.0.1'))).toBeUndefined();
  });

  it('admits twenty requests per client address an hour, whatever the addresses', () => {
    const throttle = accountMailThrottle({ clock: () => 0 });
    for (let i = 0; i < 20; i++) admitMailRequest(throttle, `user${i}@example.com`, '10.0.0.9');
    expect(refusal(() => admitMailRequest(throttle, 'someone@example.com', '10.0.0.9'))?.code).toBe('auth.too_many_mail_requests');
  });
});
