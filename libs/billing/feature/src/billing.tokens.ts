/** The billing configuration (`loadBillingConfig`). */
export const BILLING_CONFIG = Symbol('BillingConfig');
/** The `PaymentProvider` port (@weft/billing-domain): local or Stripe, by BILLING_PAYMENT_PROVIDER. */
export const PAYMENT_PROVIDER = Symbol('PaymentProvider');
/** Stripe's webhook deliveries (`ProviderNotifications`), or `null` without STRIPE_WEBHOOK_SECRET. */
export const STRIPE_NOTIFICATIONS = Symbol('StripeNotifications');
