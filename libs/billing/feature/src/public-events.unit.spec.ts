import type * as domain from '@weft/billing-domain';
import type * as contracts from '@weft/contracts';
import { validateBillingEvent } from '@weft/contracts';
import { SEEDED_PLANS } from '@weft/billing-domain';
import { type EventData, type Same } from '@weft/testing';

// The billing aggregates' events and their public contracts must stay mutually
// assignable (same fields, same types). A drift is a compile error here.
const inSync: {
  added: Same<EventData<domain.PlanEvent, 'PlanAdded'>, contracts.PlanAddedData>;
  changed: Same<EventData<domain.PlanEvent, 'PlanChanged'>, contracts.PlanChangedData>;
  retired: Same<EventData<domain.PlanEvent, 'PlanRetired'>, contracts.PlanRetiredData>;
  trial: Same<EventData<domain.SubscriptionEvent, 'SubscriptionTrialStarted'>, contracts.SubscriptionTrialStartedData>;
  planChanged: Same<EventData<domain.SubscriptionEvent, 'SubscriptionPlanChanged'>, contracts.SubscriptionPlanChangedData>;
  activated: Same<EventData<domain.SubscriptionEvent, 'SubscriptionActivated'>, contracts.SubscriptionActivatedData>;
  renewed: Same<EventData<domain.SubscriptionEvent, 'SubscriptionRenewed'>, contracts.SubscriptionRenewedData>;
  scheduled: Same<EventData<domain.SubscriptionEvent, 'SubscriptionCancellationScheduled'>, contracts.SubscriptionCancellationScheduledData>;
  withdrawn: Same<EventData<domain.SubscriptionEvent, 'SubscriptionCancellationWithdrawn'>, contracts.SubscriptionCancellationWithdrawnData>;
  canceled: Same<EventData<domain.SubscriptionEvent, 'SubscriptionCanceled'>, contracts.SubscriptionCanceledData>;
  pastDue: Same<EventData<domain.SubscriptionEvent, 'SubscriptionPastDue'>, contracts.SubscriptionDunningData>;
  unpaid: Same<EventData<domain.SubscriptionEvent, 'SubscriptionUnpaid'>, contracts.SubscriptionDunningData>;
  recovered: Same<EventData<domain.SubscriptionEvent, 'SubscriptionRecovered'>, contracts.SubscriptionDunningData>;
  drafted: Same<EventData<domain.InvoiceEvent, 'InvoiceDrafted'>, contracts.InvoiceDraftedData>;
  finalized: Same<EventData<domain.InvoiceEvent, 'InvoiceFinalized'>, contracts.InvoiceFinalizedData>;
  paid: Same<EventData<domain.InvoiceEvent, 'InvoicePaid'>, contracts.InvoicePaidData>;
  failed: Same<EventData<domain.InvoiceEvent, 'InvoicePaymentFailed'>, contracts.InvoicePaymentFailedData>;
  uncollectible: Same<EventData<domain.InvoiceEvent, 'InvoiceMarkedUncollectible'>, contracts.InvoiceMarkedUncollectibleData>;
} = {
  added: true,
  changed: true,
  retired: true,
  trial: true,
  planChanged: true,
  activated: true,
  renewed: true,
  scheduled: true,
  withdrawn: true,
  canceled: true,
  pastDue: true,
  unpaid: true,
  recovered: true,
  drafted: true,
  finalized: true,
  paid: true,
  failed: true,
  uncollectible: true,
};

describe('billing public events', () => {
  it('match their contracts field for field (checked by the compiler)', () => {
    expect(Object.values(inSync).every(Boolean)).toBe(true);
  });

  it('validate as the contracts say, for every seeded plan', () => {
    for (const { slug, ...terms } of SEEDED_PLANS)
      expect(validateBillingEvent({ type: 'PlanAdded', data: { slug, version: 1, ...terms, addedBy: 'weft', addedAt: '2026-12-07T00:00:00.000Z' } })).toEqual(
        [],
      );
  });
});
