import { ConfigError } from '@weft/config';
import { loadBillingConfig } from './billing-config.js';

describe('billing configuration', () => {
  it('defaults to a pro trial and a one-minute clock', () => {
    expect(loadBillingConfig({})).toEqual({ trialPlan: 'pro', clockIntervalMs: 60_000 });
  });

  it('takes a trial plan slug, or none for no subscriptions at all', () => {
    expect(loadBillingConfig({ BILLING_TRIAL_PLAN: ' starter ', BILLING_CLOCK_INTERVAL_MS: '5000' })).toEqual({ trialPlan: 'starter', clockIntervalMs: 5_000 });
    expect(loadBillingConfig({ BILLING_TRIAL_PLAN: 'none' }).trialPlan).toBeNull();
  });

  it('refuses what is not a slug and a clock out of range, naming the variable', () => {
    expect(() => loadBillingConfig({ BILLING_TRIAL_PLAN: 'Pro Plan' })).toThrow(ConfigError);
    expect(() => loadBillingConfig({ BILLING_TRIAL_PLAN: 'Pro Plan' })).toThrow(/BILLING_TRIAL_PLAN/);
    expect(() => loadBillingConfig({ BILLING_CLOCK_INTERVAL_MS: '10' })).toThrow(/BILLING_CLOCK_INTERVAL_MS/);
  });
});
