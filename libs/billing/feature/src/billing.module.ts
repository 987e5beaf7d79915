import { type DynamicModule, Module } from '@nestjs/common';
import { APPLICATION_BUSES } from '@weft/nest';
import { type BillingConfig } from './billing-config.js';
import { billingControllers, billingHandlers } from './billing-use-cases.js';
import { BILLING_CONFIG } from './billing.tokens.js';
import { paymentProviders } from './payments/payment-providers.js';
import { type PaymentsConfig } from './payments/payments-config.js';
import { InvoiceCollection } from './invoices/invoice-collection.js';
import { InvoiceJob } from './invoices/invoice-job.js';
import { InvoiceStreams } from './invoices/invoice-streams.js';
import { INVOICING_CONFIG, type InvoicingConfig } from './invoices/invoicing-config.js';
import { PlanSeeding } from './plans/plan-seeding.js';
import { PlanStreams } from './plans/plan-streams.js';
import { SubscriptionClock } from './subscriptions/subscription-clock.js';
import { SubscriptionStreams } from './subscriptions/subscription-streams.js';
import { STORAGE_METER_CONFIG, StorageMeter, type StorageMeterConfig } from './usage/storage-meter.js';

export interface BillingModuleOptions {
  readonly config: BillingConfig;
  /** The storage meter's schedule (loadStorageMeterConfig). */
  readonly storage: StorageMeterConfig;
  /** The payment provider and Stripe's webhook secret (loadPaymentsConfig). */
  readonly payments: PaymentsConfig;
  /** Due dates and the dunning schedule (loadInvoicingConfig). */
  readonly invoicing: InvoicingConfig;
}

/**
 * The billing context over HTTP: the plan catalogue (public list; a super admin adds,
 * changes and retires plans; the seeded plans added at start) and each organization's
 * subscription (its trial started by the subscription clock, plan changes prorated,
 * cancellation at period end), its usage against the plan's limits, the storage meter,
 * and payments (`PAYMENT_PROVIDER`: the local provider or Stripe; Stripe's webhook).
 * Needs `EVENT_STORE`, `Database`, `ReadYourWrites`, `PLAN_LIMITS` from the process,
 * `billingUsageMigrations` applied, and the billing projections registered with the
 * ProjectionsModule (`plansProjection`, `subscriptionsProjection`, `usageProjection`,
 * @weft/read-model-billing).
 */
@Module({})
export class BillingModule {
  static forRoot({ config, storage, payments, invoicing }: BillingModuleOptions): DynamicModule {
    return {
      module: BillingModule,
      imports: [APPLICATION_BUSES],
      controllers: billingControllers,
      providers: [
        { provide: BILLING_CONFIG, useValue: config },
        PlanStreams,
        PlanSeeding,
        SubscriptionStreams,
        SubscriptionClock,
        { provide: STORAGE_METER_CONFIG, useValue: storage },
        StorageMeter,
        { provide: INVOICING_CONFIG, useValue: invoicing },
        InvoiceStreams,
        InvoiceCollection,
        InvoiceJob,
        ...paymentProviders(payments),
        ...billingHandlers,
      ],
    };
  }
}
