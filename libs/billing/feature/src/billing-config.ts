import { ConfigError, integerSetting } from '@weft/config';

export interface BillingConfig {
  /**
   * The plan a new organization's trial is on (BILLING_TRIAL_PLAN, default `pro`); `null`
   * (`none`): organizations get no subscription, the platform runs without billing, and
   * limits come from WEFT_DEFAULT_PLAN_LIMITS (a self-hosted installation).
   */
  readonly trialPlan: string | null;
  /** How often the subscription clock looks for what is due (BILLING_CLOCK_INTERVAL_MS, default 60 s). */
  readonly clockIntervalMs: number;
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function loadBillingConfig(env: NodeJS.ProcessEnv): BillingConfig {
  const trialPlan = env['BILLING_TRIAL_PLAN']?.trim() || 'pro';
  if (trialPlan === 'none') return { trialPlan: null, clockIntervalMs: integerSetting(env, 'BILLING_CLOCK_INTERVAL_MS', 60_000, 1_000, 3_600_000) };
  if (!SLUG.test(trialPlan)) throw new ConfigError('BILLING_TRIAL_PLAN', `must be a plan slug, got "${trialPlan}"`);
  return { trialPlan, clockIntervalMs: integerSetting(env, 'BILLING_CLOCK_INTERVAL_MS', 60_000, 1_000, 3_600_000) };
}
