import { UserError } from '@weft/kernel';

/** At most `maxFailures` failed logins in any `windowSeconds`. */
export interface ThrottleLimit {
  readonly maxFailures: number;
  readonly windowSeconds: number;
}

export interface LoginThrottleOptions {
  /** Default 5 failures per 15 minutes per email. */
  readonly perEmail?: ThrottleLimit;
  /** Default 20 failures per 15 minutes per IP address. */
  readonly perIp?: ThrottleLimit;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly clock?: () => number;
  /** Keys tracked at most (per dimension); the least recently failed are forgotten first. */
  readonly maxTrackedKeys?: number;
}

export type ThrottleDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number; readonly limitedBy: 'email' | 'ip' };

/**
 * Sliding-window login throttling in memory, per email and per client IP. A login is
 * refused while either key has `maxFailures` failures within the window;
 * `retryAfterSeconds` is when the oldest of them leaves it. A successful login clears
 * the email's failures (not the IP's: one good account must not launder a spray).
 * In-memory means per process: distributed mode needs a shared store behind the same
 * interface (not done yet).
 */
export class LoginThrottle {
  private readonly byEmail: SlidingWindow;
  private readonly byIp: SlidingWindow;

  constructor(options: LoginThrottleOptions = {}) {
    const clock = options.clock ?? Date.now;
    const maxKeys = options.maxTrackedKeys ?? 100_000;
    this.byEmail = new SlidingWindow(options.perEmail ?? { maxFailures: 5, windowSeconds: 15 * 60 }, clock, maxKeys);
    this.byIp = new SlidingWindow(options.perIp ?? { maxFailures: 20, windowSeconds: 15 * 60 }, clock, maxKeys);
  }

  /** Whether a login attempt for `email` from `ip` may proceed now. */
  check(email: string, ip: string): ThrottleDecision {
    const emailWait = this.byEmail.retryAfterSeconds(emailKey(email));
    const ipWait = this.byIp.retryAfterSeconds(ipKey(ip));
    if (emailWait === 0 && ipWait === 0) return { allowed: true };
    return emailWait >= ipWait ? { allowed: false, retryAfterSeconds: emailWait, limitedBy: 'email' } : { allowed: false, retryAfterSeconds: ipWait, limitedBy: 'ip' };
  }

  /** Throws a `rate_limited` `UserError` (`auth.too_many_attempts`, with `retryAfterSeconds`) when refused. */
  assertAllowed(email: string, ip: string): void {
    const decision = this.check(email, ip);
    if (decision.allowed) return;
    const { retryAfterSeconds } = decision;
    throw new UserError('rate_limited', 'auth.too_many_attempts', `Too many failed logins; try again in ${retryAfterSeconds} seconds.`, { retryAfterSeconds });
  }

  recordFailure(email: string, ip: string): void {
    this.byEmail.add(emailKey(email));
    this.byIp.add(ipKey(ip));
  }

  recordSuccess(email: string): void {
    this.byEmail.clear(emailKey(email));
  }
}

class SlidingWindow {
  // Only the latest `maxFailures` timestamps per key matter; Map order = least recently failed first.
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: ThrottleLimit,
    private readonly clock: () => number,
    private readonly maxKeys: number,
  ) {}

  add(key: string): void {
    const now = this.clock();
    const recent = [...this.inWindow(key, now), now].slice(-this.limit.maxFailures);
    this.failures.delete(key);
    this.failures.set(key, recent);
    if (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value as string);
  }

  clear(key: string): void {
    this.failures.delete(key);
  }

  retryAfterSeconds(key: string): number {
    const now = this.clock();
    const recent = this.inWindow(key, now);
    if (recent.length < this.limit.maxFailures) return 0;
    const oldest = recent[recent.length - this.limit.maxFailures] ?? now;
    return Math.max(1, Math.ceil((oldest + this.limit.windowSeconds * 1000 - now) / 1000));
  }

  private inWindow(key: string, now: number): number[] {
    const start = now - this.limit.windowSeconds * 1000;
    return (this.failures.get(key) ?? []).filter((at) => at > start);
  }
}

const emailKey = (email: string) => email.trim().toLowerCase();
// IPv4-mapped IPv6 (`::ffff:1.2.3.4`) is the same client as `1.2.3.4`.
const ipKey = (ip: string) => ip.trim().toLowerCase().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
