import { UserError } from '@weft/kernel';
import { InMemoryThrottleStore } from './in-memory-throttle-store.js';
import { type ThrottleLimit, type ThrottleStore } from './throttle-store.js';

export interface LoginThrottleOptions {
  /** Default 5 failures per 15 minutes per email. */
  readonly perEmail?: ThrottleLimit;
  /** Default 20 failures per 15 minutes per IP address. */
  readonly perIp?: ThrottleLimit;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly clock?: () => number;
  /** Where the failures are kept; default a fresh `InMemoryThrottleStore` (this process only). */
  readonly store?: ThrottleStore;
  /**
   * Prefix of this throttle's scopes in the store (`<scope>:email`, `<scope>:ip`);
   * default `login`. Throttles on one store with different scopes never share counts.
   */
  readonly scope?: string;
}

export type ThrottleDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number; readonly limitedBy: 'email' | 'ip' };

/**
 * Sliding-window login throttling per email and per client IP, over a `ThrottleStore`
 * (shared between replicas when it is `PostgresThrottleStore`). A login is refused
 * while either key has `maxFailures` failures within the window; `retryAfterSeconds`
 * is when the oldest of them leaves it. A successful login clears the email's failures
 * (not the IP's: one good account must not launder a spray).
 */
export class LoginThrottle {
  private readonly byEmail: SlidingWindow;
  private readonly byIp: SlidingWindow;

  constructor(options: LoginThrottleOptions = {}) {
    const clock = options.clock ?? Date.now;
    const store = options.store ?? new InMemoryThrottleStore();
    const scope = options.scope ?? 'login';
    this.byEmail = new SlidingWindow(store, `${scope}:email`, options.perEmail ?? { maxFailures: 5, windowSeconds: 15 * 60 }, clock);
    this.byIp = new SlidingWindow(store, `${scope}:ip`, options.perIp ?? { maxFailures: 20, windowSeconds: 15 * 60 }, clock);
  }

  /** Whether a login attempt for `email` from `ip` may proceed now. */
  async check(email: string, ip: string): Promise<ThrottleDecision> {
    const [emailWait, ipWait] = await Promise.all([this.byEmail.retryAfterSeconds(emailKey(email)), this.byIp.retryAfterSeconds(ipKey(ip))]);
    if (emailWait === 0 && ipWait === 0) return { allowed: true };
    return emailWait >= ipWait
      ? { allowed: false, retryAfterSeconds: emailWait, limitedBy: 'email' }
      : { allowed: false, retryAfterSeconds: ipWait, limitedBy: 'ip' };
  }

  /** Throws a `rate_limited` `UserError` (`auth.too_many_attempts`, with `retryAfterSeconds`) when refused. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const decision = await this.check(email, ip);
    if (decision.allowed) return;
    const { retryAfterSeconds } = decision;
    throw new UserError('rate_limited', 'auth.too_many_attempts', `Too many failed logins; try again in ${retryAfterSeconds} seconds.`, { retryAfterSeconds });
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await Promise.all([this.byEmail.add(emailKey(email)), this.byIp.add(ipKey(ip))]);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.byEmail.clear(emailKey(email));
  }
}

/** One dimension (email or IP) of a throttle: a scope of the store with its limit. */
class SlidingWindow {
  constructor(
    private readonly store: ThrottleStore,
    private readonly scope: string,
    private readonly limit: ThrottleLimit,
    private readonly clock: () => number,
  ) {}

  add(key: string): Promise<void> {
    return this.store.record(this.scope, key, this.clock(), this.limit);
  }

  clear(key: string): Promise<void> {
    return this.store.clear(this.scope, key);
  }

  async retryAfterSeconds(key: string): Promise<number> {
    const now = this.clock();
    const windowMs = this.limit.windowSeconds * 1000;
    const recent = await this.store.recent(this.scope, key, now - windowMs, this.limit.maxFailures);
    if (recent.length < this.limit.maxFailures) return 0;
    const oldest = recent[0] ?? now;
    return Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
  }
}

const emailKey = (email: string) => email.trim().toLowerCase();
// IPv4-mapped IPv6 (`::ffff:1.2.3.4`) is the same client as `1.2.3.4`.
const ipKey = (ip: string) =>
  ip
    .trim()
    .toLowerCase()
    .replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
