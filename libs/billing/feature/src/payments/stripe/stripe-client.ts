import Stripe from 'stripe';
import { type Secret } from '../payments-config.js';

export interface StripeClientOptions {
  readonly secretKey: Secret;
  /** Another API host than api.stripe.com: tests point it at recorded responses on this machine. */
  readonly apiBase?: URL | undefined;
  /** Retries the SDK makes of a request Stripe may not have seen (connection errors, 409, 5xx); each with the call's own key. */
  readonly maxNetworkRetries?: number;
  readonly timeoutMs?: number;
}

/**
 * The Stripe SDK client Weft uses: the API version the pinned SDK release was built for
 * (no per-request override, so the types describe what comes back), telemetry off (no
 * request timings sent along with later calls), and a host, port and protocol of its own
 * when `apiBase` is given.
 */
export function createStripeClient({ secretKey, apiBase, maxNetworkRetries = 2, timeoutMs = 30_000 }: StripeClientOptions): Stripe {
  return new Stripe(secretKey.reveal(), {
    maxNetworkRetries,
    timeout: timeoutMs,
    telemetry: false,
    appInfo: { name: 'weft' },
    ...(apiBase === undefined ? {} : hostOf(apiBase)),
  });
}

function hostOf(base: URL): { host: string; port: number; protocol: 'http' | 'https' } {
  const protocol = base.protocol === 'http:' ? 'http' : 'https';
  return { host: base.hostname, port: base.port === '' ? (protocol === 'http' ? 80 : 443) : Number(base.port), protocol };
}
