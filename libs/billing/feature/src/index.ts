export { BillingModule, type BillingModuleOptions } from './billing.module.js';
export { type BillingConfig, loadBillingConfig } from './billing-config.js';
