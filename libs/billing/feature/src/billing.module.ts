import { type DynamicModule, Module } from '@nestjs/common';
import { APPLICATION_BUSES } from '@weft/nest';
import { type BillingConfig } from './billing-config.js';
import { billingControllers, billingHandlers } from './billing-use-cases.js';
import { BILLING_CONFIG } from './billing.tokens.js';
import { PlanSeeding } from './plans/plan-seeding.js';
import { PlanStreams } from './plans/plan-streams.js';
import { SubscriptionClock } from './subscriptions/subscription-clock.js';
import { SubscriptionStreams } from './subscriptions/subscription-streams.js';

export interface BillingModuleOptions {
  readonly config: BillingConfig;
}

/**
 * The billing context over HTTP: the plan catalogue (public list; a super admin adds,
 * changes and retires plans; the seeded plans added at start) and each organization's
 * subscription (its trial started by the subscription clock, plan changes prorated,
 * cancellation at period end). Needs `EVENT_STORE`, `Database`, `ReadYourWrites` from
 * the process and the billing projections registered with the ProjectionsModule
 * (`plansProjection`, `subscriptionsProjection`, @weft/read-model-billing).
 */
@Module({})
export class BillingModule {
  static forRoot({ config }: BillingModuleOptions): DynamicModule {
    return {
      module: BillingModule,
      imports: [APPLICATION_BUSES],
      controllers: billingControllers,
      providers: [{ provide: BILLING_CONFIG, useValue: config }, PlanStreams, PlanSeeding, SubscriptionStreams, SubscriptionClock, ...billingHandlers],
    };
  }
}
