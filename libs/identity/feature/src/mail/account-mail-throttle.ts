import { UserError } from '@weft/kernel';
import { LoginThrottle, type LoginThrottleOptions } from '../security/index.js';

/** Injection token of the throttle on mail-sending requests (a `LoginThrottle` of its own). */
export const ACCOUNT_MAIL_THROTTLE = Symbol('AccountMailThrottle');

/** The mail throttle's scope prefix in the `ThrottleStore`, apart from the login throttle's. */
export const ACCOUNT_MAIL_THROTTLE_SCOPE = 'account-mail';

/**
 * At most 3 mail requests (password reset, verification resend) per address and 20 per
 * client address an hour, so the endpoints cannot flood an inbox. Counted per request
 * whether or not the address has an account, so the limit tells nothing about it.
 */
export function accountMailThrottle(options: Pick<LoginThrottleOptions, 'clock' | 'store'> = {}): LoginThrottle {
  return new LoginThrottle({
    perEmail: { maxFailures: 3, windowSeconds: 3600 },
    perIp: { maxFailures: 20, windowSeconds: 3600 },
    ...options,
    scope: ACCOUNT_MAIL_THROTTLE_SCOPE,
  });
}

/** Counts one mail request for `email` from `ip`, or throws a 429 (`auth.too_many_mail_requests`, with `retryAfterSeconds`). */
export async function admitMailRequest(throttle: LoginThrottle, email: string, ip: string): Promise<void> {
  const decision = await throttle.check(email, ip);
  if (!decision.allowed) {
    const { retryAfterSeconds } = decision;
    throw new UserError('rate_limited', 'auth.too_many_mail_requests', `Too many mail requests; try again in ${retryAfterSeconds} seconds.`, {
      retryAfterSeconds,
    });
  }
  await throttle.recordFailure(email, ip);
}
