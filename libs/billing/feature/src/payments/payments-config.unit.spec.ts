import { inspect } from 'node:util';
import { ConfigError } from '@weft/config';
import { loadPaymentsConfig } from './payments-config.js';

const KEY = 'sk_test_51WeftConfigKey0123456789';
const WEBHOOK = 'whsec_WeftConfigWebhookSecret0123';
const ORG = '0191d3c2-7b1a-7c3e-9f00-5a1e2b3c4d5e';

describe('payments configuration', () => {
  it('defaults to the local provider and no Stripe webhook', () => {
    expect(loadPaymentsConfig({})).toEqual({ provider: { provider: 'local', declinedOrganizations: [] }, stripeWebhookSecret: null });
  });

  it('takes organizations the local provider declines', () => {
    expect(loadPaymentsConfig({ BILLING_LOCAL_DECLINED_ORGANIZATIONS: ` ${ORG.toUpperCase()} ,` }).provider).toEqual({
      provider: 'local',
      declinedOrganizations: [ORG],
    });
    expect(() => loadPaymentsConfig({ BILLING_LOCAL_DECLINED_ORGANIZATIONS: 'acme' })).toThrow(/BILLING_LOCAL_DECLINED_ORGANIZATIONS/);
  });

  it('refuses to start with stripe and no key, or not a Stripe key, naming the variable', () => {
    expect(() => loadPaymentsConfig({ BILLING_PAYMENT_PROVIDER: 'stripe' })).toThrow(ConfigError);
    expect(() => loadPaymentsConfig({ BILLING_PAYMENT_PROVIDER: 'stripe' })).toThrow(/STRIPE_SECRET_KEY must be set with BILLING_PAYMENT_PROVIDER=stripe/);
    expect(() => loadPaymentsConfig({ BILLING_PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'pk_test_publishable0000' })).toThrow(/STRIPE_SECRET_KEY/);
    expect(() => loadPaymentsConfig({ BILLING_PAYMENT_PROVIDER: 'paypal' })).toThrow(/BILLING_PAYMENT_PROVIDER must be local or stripe/);
  });

  it('never repeats a secret in its refusals', () => {
    const refusal = (env: NodeJS.ProcessEnv) => {
      try {
        loadPaymentsConfig(env);
      } catch (error) {
        return String(error);
      }
      return '';
    };
    expect(refusal({ BILLING_PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_live_short' })).not.toContain('sk_live_short');
    expect(refusal({ STRIPE_WEBHOOK_SECRET: 'not-a-whsec-secret-value' })).not.toContain('not-a-whsec');
  });

  it('takes a Stripe key and webhook secret that print as [secret] wherever they go by accident', () => {
    const config = loadPaymentsConfig({ BILLING_PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK });
    expect(config.provider.provider === 'stripe' && config.provider.secretKey.reveal()).toBe(KEY);
    expect(config.stripeWebhookSecret?.reveal()).toBe(WEBHOOK);
    for (const printed of [JSON.stringify(config), inspect(config, { depth: 10 }), `${String(config.stripeWebhookSecret)}`]) {
      expect(printed).not.toContain(KEY);
      expect(printed).not.toContain(WEBHOOK);
    }
  });

  it('points the SDK elsewhere only over https, or http to this machine', () => {
    const stripe = (base: string) => loadPaymentsConfig({ BILLING_PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: KEY, STRIPE_API_BASE: base }).provider;
    expect(stripe('http://127.0.0.1:12111')).toMatchObject({ apiBase: new URL('http://127.0.0.1:12111') });
    expect(stripe('https://stripe-proxy.internal')).toMatchObject({ apiBase: new URL('https://stripe-proxy.internal') });
    expect(() => stripe('http://stripe-proxy.internal')).toThrow(/STRIPE_API_BASE/);
    expect(() => stripe('https://api.stripe.com/v1')).toThrow(/STRIPE_API_BASE/);
    expect(() => stripe('not a url')).toThrow(/STRIPE_API_BASE/);
  });
});
