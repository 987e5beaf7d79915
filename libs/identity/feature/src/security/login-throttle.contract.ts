import { randomUUID } from 'node:crypto';
import { UserError } from '@weft/kernel';
import { LoginThrottle, type LoginThrottleOptions } from './login-throttle.js';
import { type ThrottleStore } from './throttle-store.js';

function clockAt(start: number) {
  let now = start;
  return { clock: () => now, advance: (seconds: number) => (now += seconds * 1000) };
}

/**
 * `LoginThrottle`'s cases, run over each `ThrottleStore` adapter. Every throttle gets
 * a fresh scope, so the cases may share one store (one table).
 */
export function describeLoginThrottleCases(name: string, factory: () => Promise<ThrottleStore>): void {
  describe(`login throttling over ${name}`, () => {
    let store: ThrottleStore;
    beforeEach(async () => {
      store = await factory();
    });
    const throttle = (options: Omit<LoginThrottleOptions, 'store' | 'scope'> = {}) => new LoginThrottle({ ...options, store, scope: `test-${randomUUID()}` });

    it('allows 5 failures per email, then refuses with the time until the oldest leaves the window', async () => {
      const time = clockAt(0);
      const subject = throttle({ clock: time.clock });
      for (let i = 0; i < 5; i++) {
        expect(await subject.check('ada@example.com', '10.0.0.1')).toEqual({ allowed: true });
        await subject.recordFailure('ada@example.com', '10.0.0.1');
        time.advance(60);
      }
      expect(await subject.check('ada@example.com', '10.0.0.2')).toEqual({ allowed: false, retryAfterSeconds: 15 * 60 - 5 * 60, limitedBy: 'email' });
    });

    it('slides: once the oldest failure leaves the window, one more attempt is allowed', async () => {
      const time = clockAt(0);
      const subject = throttle({ clock: time.clock });
      for (let i = 0; i < 5; i++) {
        await subject.recordFailure('ada@example.com', '10.0.0.1');
        time.advance(60);
      }
      time.advance(10 * 60 - 1);
      expect(await subject.check('ada@example.com', '10.0.0.1')).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
      time.advance(1);
      expect(await subject.check('ada@example.com', '10.0.0.1')).toEqual({ allowed: true });
      await subject.recordFailure('ada@example.com', '10.0.0.1');
      expect(await subject.check('ada@example.com', '10.0.0.1')).toMatchObject({ allowed: false, retryAfterSeconds: 60 });
    });

    it('treats emails case-insensitively', async () => {
      const subject = throttle({ perEmail: { maxFailures: 2, windowSeconds: 60 }, clock: () => 0 });
      await subject.recordFailure('Ada@Example.com', '1.1.1.1');
      await subject.recordFailure(' ada@example.com', '1.1.1.2');
      expect((await subject.check('ADA@EXAMPLE.COM', '1.1.1.3')).allowed).toBe(false);
    });

    it('limits an IP spraying many emails at 20 failures', async () => {
      const subject = throttle({ clock: () => 0 });
      for (let i = 0; i < 20; i++) await subject.recordFailure(`user${i}@example.com`, '::ffff:10.0.0.9');
      expect(await subject.check('new@example.com', '10.0.0.9')).toEqual({ allowed: false, retryAfterSeconds: 900, limitedBy: 'ip' });
      expect(await subject.check('new@example.com', '10.0.0.10')).toEqual({ allowed: true });
    });

    it('clears the email’s failures on success, but not the IP’s', async () => {
      const subject = throttle({ perEmail: { maxFailures: 2, windowSeconds: 60 }, perIp: { maxFailures: 3, windowSeconds: 60 }, clock: () => 0 });
      await subject.recordFailure('ada@example.com', '1.1.1.1');
      await subject.recordFailure('ada@example.com', '1.1.1.1');
      await subject.recordSuccess('ada@example.com');
      expect(await subject.check('ada@example.com', '1.1.1.2')).toEqual({ allowed: true });
      await subject.recordFailure('bob@example.com', '1.1.1.1');
      expect(await subject.check('carol@example.com', '1.1.1.1')).toMatchObject({ allowed: false, limitedBy: 'ip' });
    });

    it('throws a rate_limited user error carrying retryAfterSeconds', async () => {
      const subject = throttle({ perEmail: { maxFailures: 1, windowSeconds: 30 }, clock: () => 0 });
      await subject.recordFailure('ada@example.com', '1.1.1.1');
      const error: unknown = await subject.assertAllowed('ada@example.com', '1.1.1.1').then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(UserError);
      expect([(error as UserError).kind, (error as UserError).code, (error as UserError).details['retryAfterSeconds']]).toEqual([
        'rate_limited',
        'auth.too_many_attempts',
        30,
      ]);
    });
  });
}
