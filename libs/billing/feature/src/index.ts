export { BillingModule, type BillingModuleOptions } from './billing.module.js';
export { type BillingConfig, loadBillingConfig } from './billing-config.js';
export { PAYMENT_PROVIDER } from './billing.tokens.js';
export { LocalPaymentProvider } from './payments/local-payment-provider.js';
export { type PaymentsConfig, loadPaymentsConfig } from './payments/payments-config.js';
export { BillingPortsModule, type BillingPortsOptions } from './usage/billing-ports.module.js';
export { HourlyApiCallMeter } from './usage/hourly-api-call-meter.js';
export { StorageMeter, type StorageMeterConfig, loadStorageMeterConfig } from './usage/storage-meter.js';
