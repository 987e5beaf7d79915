import { UserError } from '@weft/kernel';
import { LoginThrottle } from './login-throttle.js';

function clockAt(start: number) {
  let now = start;
  return { clock: () => now, advance: (seconds: number) => (now += seconds * 1000) };
}

describe('login throttling', () => {
  it('allows 5 failures per email, then refuses with the time until the oldest leaves the window', () => {
    const time = clockAt(0);
    const throttle = new LoginThrottle({ clock: time.clock });
    for (let i = 0; i < 5; i++) {
      expect(throttle.check('ada@example.com', '10.0.0.1')).toEqual({ allowed: true });
      throttle.recordFailure('ada@example.com', '10.0.0.1');
      time.advance(60);
    }
    expect(throttle.check('ada@example.com', '10.0.0.2')).toEqual({ allowed: false, retryAfterSeconds: 15 * 60 - 5 * 60, limitedBy: 'email' });
  });

  it('slides: once the oldest failure leaves the window, one more attempt is allowed', () => {
    const time = clockAt(0);
    const throttle = new LoginThrottle({ clock: time.clock });
    for (let i = 0; i < 5; i++) {
      throttle.recordFailure('ada@example.com', '10.0.0.1');
      time.advance(60);
    }
    time.advance(10 * 60 - 1);
    expect(throttle.check('ada@example.com', '10.0.0.1')).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    time.advance(1);
    expect(throttle.check('ada@example.com', '10.0.0.1')).toEqual({ allowed: true });
    throttle.recordFailure('ada@example.com', '10.0.0.1');
    expect(throttle.check('ada@example.com', '10.0.0.1')).toMatchObject({ allowed: false, retryAfterSeconds: 60 });
  });

  it('treats emails case-insensitively', () => {
    const throttle = new LoginThrottle({ perEmail: { maxFailures: 2, windowSeconds: 60 }, clock: () => 0 });
    throttle.recordFailure('Ada@Example.com', '1.1.1.1');
    throttle.recordFailure(' ada@example.com', '1.1.1.2');
    expect(throttle.check('ADA@EXAMPLE.COM', '1.1.1.3').allowed).toBe(false);
  });

  it('limits an IP spraying many emails at 20 failures', () => {
    const time = clockAt(0);
    const throttle = new LoginThrottle({ clock: time.clock });
    for (let i = 0; i < 20; i++) throttle.recordFailure(`user${i}@example.com`, '::ffff:10.0.0.9');
    expect(throttle.check('new@example.com', '10.0.0.9')).toEqual({ allowed: false, retryAfterSeconds: 900, limitedBy: 'ip' });
    expect(throttle.check('new@example.com', '10.0.0.10')).toEqual({ allowed: true });
  });

  it('clears the email’s failures on success, but not the IP’s', () => {
    const throttle = new LoginThrottle({ perEmail: { maxFailures: 2, windowSeconds: 60 }, perIp: { maxFailures: 3, windowSeconds: 60 }, clock: () => 0 });
    throttle.recordFailure('ada@example.com', '1.1.1.1');
    throttle.recordFailure('ada@example.com', '1.1.1.1');
    throttle.recordSuccess('ada@example.com');
    expect(throttle.check('ada@example.com', '1.1.1.2')).toEqual({ allowed: true });
    throttle.recordFailure('bob@example.com', '1.1.1.1');
    expect(throttle.check('carol@example.com', '1.1.1.1')).toMatchObject({ allowed: false, limitedBy: 'ip' });
  });

  it('throws a rate_limited user error carrying retryAfterSeconds', () => {
    const throttle = new LoginThrottle({ perEmail: { maxFailures: 1, windowSeconds: 30 }, clock: () => 0 });
    throttle.recordFailure('ada@example.com', '1.1.1.1');
    try {
      throttle.assertAllowed('ada@example.com', '1.1.1.1');
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      expect([(error as UserError).kind, (error as UserError).code, (error as UserError).details['retryAfterSeconds']]).toEqual(['rate_limited', 'auth.too_many_attempts', 30]);
    }
  });

  it('bounds memory by forgetting the least recently failing keys', () => {
    const throttle = new LoginThrottle({ perEmail: { maxFailures: 1, windowSeconds: 60 }, maxTrackedKeys: 2, clock: () => 0 });
    throttle.recordFailure('a@example.com', '1.1.1.1');
    throttle.recordFailure('b@example.com', '1.1.1.2');
    throttle.recordFailure('c@example.com', '1.1.1.3');
    expect(throttle.check('a@example.com', '9.9.9.9').allowed).toBe(true);
    expect(throttle.check('c@example.com', '9.9.9.9').allowed).toBe(false);
  });
});
