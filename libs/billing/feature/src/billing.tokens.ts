/** The billing configuration (`loadBillingConfig`). */
export const BILLING_CONFIG = Symbol('BillingConfig');
