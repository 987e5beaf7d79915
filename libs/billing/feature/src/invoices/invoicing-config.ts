import { ConfigError, integerSetting } from '@weft/config';

export interface InvoicingConfig {
  /** Days from an invoice's finalization to its due date (BILLING_INVOICE_DUE_DAYS, default 0: due on receipt). */
  readonly dueDays: number;
  /** The waits, in days, before each retry of a failed payment (BILLING_DUNNING_RETRY_DAYS, default `3,5,7`: four attempts in 15 days). */
  readonly retryDays: readonly number[];
}

export const INVOICING_CONFIG = Symbol('InvoicingConfig');

export function loadInvoicingConfig(env: NodeJS.ProcessEnv): InvoicingConfig {
  const raw = env['BILLING_DUNNING_RETRY_DAYS']?.trim() || '3,5,7';
  const retryDays = raw === 'none' ? [] : raw.split(',').map((part) => Number(part.trim()));
  if (retryDays.some((days) => !Number.isFinite(days) || days <= 0 || days > 90) || retryDays.length > 10)
    throw new ConfigError('BILLING_DUNNING_RETRY_DAYS', `must be up to 10 day counts (0 < days ≤ 90) separated by commas, or none; got "${raw}"`);
  return { dueDays: integerSetting(env, 'BILLING_INVOICE_DUE_DAYS', 0, 0, 90), retryDays };
}
