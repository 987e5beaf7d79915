import { Logger, type Provider } from '@nestjs/common';
import { type PaymentProvider, type ProviderNotifications } from '@weft/billing-domain';
import { PAYMENT_PROVIDER, STRIPE_NOTIFICATIONS } from '../billing.tokens.js';
import { LocalPaymentProvider } from './local-payment-provider.js';
import { type PaymentProviderConfig, type PaymentsConfig } from './payments-config.js';
import { ProviderEventStreams } from './provider-event-streams.js';
import { createStripeClient } from './stripe/stripe-client.js';
import { StripeNotifications } from './stripe/stripe-notifications.js';
import { StripePaymentProvider } from './stripe/stripe-payment-provider.js';

/** The adapter of the `PaymentProvider` port the configuration names. */
export function createPaymentProvider(config: PaymentProviderConfig): PaymentProvider {
  if (config.provider === 'local') return new LocalPaymentProvider({ declinedOrganizations: config.declinedOrganizations });
  return new StripePaymentProvider(createStripeClient({ secretKey: config.secretKey, apiBase: config.apiBase }));
}

/** Says at start which provider collects and whether Stripe's webhook is on; of a key, only its mode. */
function describe(config: PaymentsConfig): string {
  const { provider } = config;
  const collector =
    provider.provider === 'local'
      ? `the local provider (no real money${provider.declinedOrganizations.length > 0 ? `; declining ${provider.declinedOrganizations.length} organization(s)` : ''})`
      : `Stripe (${/^(sk|rk)_test_/.test(provider.secretKey.reveal()) ? 'test' : 'live'} mode${provider.apiBase === undefined ? '' : `, API at ${provider.apiBase.origin}`})`;
  return `payments: ${collector}; Stripe webhook ${config.stripeWebhookSecret === null ? 'off (no STRIPE_WEBHOOK_SECRET)' : 'on'}`;
}

/** The payments part of the billing module: the port, Stripe's webhook reader, the provider event streams. */
export function paymentProviders(config: PaymentsConfig): Provider[] {
  return [
    {
      provide: PAYMENT_PROVIDER,
      useFactory: (): PaymentProvider => {
        new Logger('billing').log(describe(config));
        return createPaymentProvider(config.provider);
      },
    },
    {
      provide: STRIPE_NOTIFICATIONS,
      useFactory: (): ProviderNotifications | null => (config.stripeWebhookSecret === null ? null : new StripeNotifications(config.stripeWebhookSecret)),
    },
    ProviderEventStreams,
  ];
}
