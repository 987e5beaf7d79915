import { ConfigError } from '@weft/config';
import { isUuid } from '@weft/kernel';

/**
 * A secret from the configuration. It prints as `[secret]` wherever it goes by accident
 * (a log line, `JSON.stringify` of the config, `util.inspect`); `reveal()` is the one
 * way to its value, at the call that needs it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[secret]';
  }

  toJSON(): string {
    return '[secret]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[secret]';
  }
}

export type PaymentProviderConfig =
  | {
      readonly provider: 'local';
      /** Organizations whose payments the local provider declines (BILLING_LOCAL_DECLINED_ORGANIZATIONS): dunning by hand in embedded mode. */
      readonly declinedOrganizations: readonly string[];
    }
  | {
      readonly provider: 'stripe';
      readonly secretKey: Secret;
      /** STRIPE_API_BASE: another API host than api.stripe.com (tests, a proxy); `undefined` for Stripe's. */
      readonly apiBase: URL | undefined;
    };

export interface PaymentsConfig {
  readonly provider: PaymentProviderConfig;
  /** STRIPE_WEBHOOK_SECRET (`whsec_...`); `null`: `POST /api/v1/billing/webhooks/stripe` answers 404. */
  readonly stripeWebhookSecret: Secret | null;
}

const SECRET_KEY = /^(sk|rk)_(test|live)_\S{8,}$/;
const WEBHOOK_SECRET = /^whsec_\S{8,}$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * BILLING_PAYMENT_PROVIDER (`local` by default, or `stripe`), STRIPE_SECRET_KEY (needed
 * with `stripe`), STRIPE_WEBHOOK_SECRET, STRIPE_API_BASE. A `ConfigError` names the
 * variable; it never repeats a secret's value.
 */
export function loadPaymentsConfig(env: NodeJS.ProcessEnv): PaymentsConfig {
  const name = env['BILLING_PAYMENT_PROVIDER']?.trim() || 'local';
  const stripeWebhookSecret = webhookSecret(env);
  if (name === 'local') return { provider: { provider: 'local', declinedOrganizations: declinedOrganizations(env) }, stripeWebhookSecret };
  if (name !== 'stripe') throw new ConfigError('BILLING_PAYMENT_PROVIDER', `must be local or stripe, got "${name}"`);
  const key = env['STRIPE_SECRET_KEY']?.trim();
  if (!key)
    throw new ConfigError(
      'STRIPE_SECRET_KEY',
      'must be set with BILLING_PAYMENT_PROVIDER=stripe: a secret key (sk_test_..., sk_live_...) or a restricted key (rk_...) from the Stripe dashboard',
    );
  if (!SECRET_KEY.test(key)) throw new ConfigError('STRIPE_SECRET_KEY', 'must be a Stripe secret key (sk_test_..., sk_live_...) or restricted key (rk_...)');
  return { provider: { provider: 'stripe', secretKey: new Secret(key), apiBase: apiBase(env) }, stripeWebhookSecret };
}

function webhookSecret(env: NodeJS.ProcessEnv): Secret | null {
  const value = env['STRIPE_WEBHOOK_SECRET']?.trim();
  if (!value) return null;
  if (!WEBHOOK_SECRET.test(value)) throw new ConfigError('STRIPE_WEBHOOK_SECRET', 'must be a Stripe webhook signing secret (whsec_...)');
  return new Secret(value);
}

// The secret key travels in every request: in the clear only to this machine (tests, a local proxy).
function apiBase(env: NodeJS.ProcessEnv): URL | undefined {
  const raw = env['STRIPE_API_BASE']?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('STRIPE_API_BASE', `must be a URL such as https://api.stripe.com, got "${raw}"`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
    throw new ConfigError('STRIPE_API_BASE', 'must be https://, or http:// to this machine (127.0.0.1, localhost)');
  if (url.pathname !== '/' || url.search !== '' || url.username !== '')
    throw new ConfigError('STRIPE_API_BASE', 'must be a scheme, host and port only (the SDK adds /v1/...)');
  return url;
}

function declinedOrganizations(env: NodeJS.ProcessEnv): string[] {
  const ids = (env['BILLING_LOCAL_DECLINED_ORGANIZATIONS'] ?? '')
    .split(',')
    .map((id) => id.trim().toLowerCase())
    .filter(Boolean);
  const bad = ids.find((id) => !isUuid(id));
  if (bad !== undefined) throw new ConfigError('BILLING_LOCAL_DECLINED_ORGANIZATIONS', `must be comma-separated organization ids, got "${bad}"`);
  return ids;
}
