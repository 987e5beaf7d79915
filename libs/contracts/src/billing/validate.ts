import { type FieldSpec, problemsOf } from '../shape.js';
import {
  InvoiceDraftedSchemaVersion,
  InvoiceFinalizedSchemaVersion,
  InvoiceMarkedUncollectibleSchemaVersion,
  InvoicePaidSchemaVersion,
  InvoicePaymentFailedSchemaVersion,
  type PublicInvoiceEvent,
  SubscriptionDunningSchemaVersion,
} from './invoice-events.js';
import { PlanAddedSchemaVersion, PlanChangedSchemaVersion, PlanRetiredSchemaVersion, type PublicPlanEvent } from './plan-events.js';
import {
  type PublicSubscriptionEvent,
  SubscriptionActivatedSchemaVersion,
  SubscriptionCanceledSchemaVersion,
  SubscriptionCancellationScheduledSchemaVersion,
  SubscriptionCancellationWithdrawnSchemaVersion,
  SubscriptionPlanChangedSchemaVersion,
  SubscriptionRenewedSchemaVersion,
  SubscriptionTrialStartedSchemaVersion,
} from './subscription-events.js';

/** Every public event of the billing context. */
export type PublicBillingEvent = PublicPlanEvent | PublicSubscriptionEvent | PublicInvoiceEvent;

/** The type names of the billing context's public events. */
export type PublicBillingEventType = PublicBillingEvent['type'];

const terms = {
  name: 'string',
  description: 'string|null',
  price: 'number',
  currency: 'string',
  interval: 'string',
  intervalCount: 'number',
  trialDays: 'number',
  features: 'array',
  limits: 'object',
  sortOrder: 'number',
} as const;

const subscribed = {
  planSlug: 'string',
  planVersion: 'number',
  price: 'number',
  currency: 'string',
  interval: 'string',
  intervalCount: 'number',
  limits: 'object',
} as const;

const dunning = { organizationId: 'string', invoiceId: 'string', status: 'string', at: 'string' } as const;

const billingEventSpecs: Readonly<Record<PublicBillingEventType, FieldSpec>> = {
  PlanAdded: { slug: 'string', version: 'number', ...terms, addedBy: 'string', addedAt: 'string' },
  PlanChanged: { slug: 'string', version: 'number', ...terms, changedBy: 'string', changedAt: 'string' },
  PlanRetired: { slug: 'string', retiredBy: 'string', retiredAt: 'string' },
  SubscriptionTrialStarted: { organizationId: 'string', ...subscribed, trialStartedAt: 'string', trialEndsAt: 'string' },
  SubscriptionPlanChanged: {
    organizationId: 'string',
    ...subscribed,
    previousPlanSlug: 'string',
    previousPlanVersion: 'number',
    proration: 'object|null',
    currentPeriodStart: 'string|null',
    currentPeriodEnd: 'string|null',
    changedBy: 'string',
    changedAt: 'string',
  },
  SubscriptionActivated: { organizationId: 'string', currentPeriodStart: 'string', currentPeriodEnd: 'string', activatedAt: 'string' },
  SubscriptionRenewed: { organizationId: 'string', currentPeriodStart: 'string', currentPeriodEnd: 'string', renewedAt: 'string' },
  SubscriptionCancellationScheduled: { organizationId: 'string', endsAt: 'string', requestedBy: 'string', requestedAt: 'string' },
  SubscriptionCancellationWithdrawn: { organizationId: 'string', withdrawnBy: 'string', withdrawnAt: 'string' },
  SubscriptionCanceled: { organizationId: 'string', endedAt: 'string' },
  SubscriptionPastDue: dunning,
  SubscriptionUnpaid: dunning,
  SubscriptionRecovered: dunning,
  InvoiceDrafted: {
    invoiceId: 'string',
    organizationId: 'string',
    periodStart: 'string',
    periodEnd: 'string',
    currency: 'string',
    lines: 'array',
    subtotal: 'number',
    total: 'number',
    draftedAt: 'string',
  },
  InvoiceFinalized: { invoiceId: 'string', organizationId: 'string', number: 'string', dueDate: 'string', finalizedAt: 'string' },
  InvoicePaid: { invoiceId: 'string', organizationId: 'string', attempt: 'number', providerPaymentId: 'string|null', paidAt: 'string' },
  InvoicePaymentFailed: {
    invoiceId: 'string',
    organizationId: 'string',
    attempt: 'number',
    failureCode: 'string',
    failureReason: 'string',
    nextAttemptAt: 'string|null',
    failedAt: 'string',
  },
  InvoiceMarkedUncollectible: { invoiceId: 'string', organizationId: 'string', markedAt: 'string' },
};

/** Schema version of each billing event type, as published. */
export const billingEventSchemaVersions: Readonly<Record<PublicBillingEventType, number>> = {
  PlanAdded: PlanAddedSchemaVersion,
  PlanChanged: PlanChangedSchemaVersion,
  PlanRetired: PlanRetiredSchemaVersion,
  SubscriptionTrialStarted: SubscriptionTrialStartedSchemaVersion,
  SubscriptionPlanChanged: SubscriptionPlanChangedSchemaVersion,
  SubscriptionActivated: SubscriptionActivatedSchemaVersion,
  SubscriptionRenewed: SubscriptionRenewedSchemaVersion,
  SubscriptionCancellationScheduled: SubscriptionCancellationScheduledSchemaVersion,
  SubscriptionCancellationWithdrawn: SubscriptionCancellationWithdrawnSchemaVersion,
  SubscriptionCanceled: SubscriptionCanceledSchemaVersion,
  SubscriptionPastDue: SubscriptionDunningSchemaVersion,
  SubscriptionUnpaid: SubscriptionDunningSchemaVersion,
  SubscriptionRecovered: SubscriptionDunningSchemaVersion,
  InvoiceDrafted: InvoiceDraftedSchemaVersion,
  InvoiceFinalized: InvoiceFinalizedSchemaVersion,
  InvoicePaid: InvoicePaidSchemaVersion,
  InvoicePaymentFailed: InvoicePaymentFailedSchemaVersion,
  InvoiceMarkedUncollectible: InvoiceMarkedUncollectibleSchemaVersion,
};

/** True for the type names of public billing events. */
export function isPublicBillingEventType(type: string): type is PublicBillingEventType {
  return Object.hasOwn(billingEventSpecs, type);
}

/** Problems of an event against the billing contracts (`[]` when valid). */
export function validateBillingEvent(event: { readonly type: string; readonly data: unknown }): string[] {
  if (!isPublicBillingEventType(event.type)) return [`${event.type} is not a public billing event`];
  return problemsOf(event.data, billingEventSpecs[event.type]);
}
