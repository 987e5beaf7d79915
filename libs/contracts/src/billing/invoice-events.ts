import { type PublicEvent } from '../public-event.js';

/** One line of an invoice; amounts in integer minor units (a credit is negative). */
export interface InvoiceLineData {
  readonly kind: 'base' | 'proration_credit' | 'proration_charge' | 'usage';
  readonly description: string;
  readonly quantity: number;
  readonly unitAmount: number;
  readonly amount: number;
  /** Usage lines: the RFC 9162 Merkle root (hex) over the hashes of the events counted, in log order. */
  readonly usageRoot?: string;
  readonly usageFrom?: string;
  readonly usageTo?: string;
}

export const InvoiceDraftedSchemaVersion = 1;
export interface InvoiceDraftedData {
  readonly invoiceId: string;
  readonly organizationId: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly currency: string;
  readonly lines: readonly InvoiceLineData[];
  readonly subtotal: number;
  readonly total: number;
  readonly draftedAt: string;
}
export type InvoiceDrafted = PublicEvent<'InvoiceDrafted', InvoiceDraftedData>;

export const InvoiceFinalizedSchemaVersion = 1;
export interface InvoiceFinalizedData {
  readonly invoiceId: string;
  readonly organizationId: string;
  readonly number: string;
  readonly dueDate: string;
  readonly finalizedAt: string;
}
export type InvoiceFinalized = PublicEvent<'InvoiceFinalized', InvoiceFinalizedData>;

export const InvoicePaidSchemaVersion = 1;
export interface InvoicePaidData {
  readonly invoiceId: string;
  readonly organizationId: string;
  readonly attempt: number;
  readonly providerPaymentId: string | null;
  readonly paidAt: string;
}
export type InvoicePaid = PublicEvent<'InvoicePaid', InvoicePaidData>;

export const InvoicePaymentFailedSchemaVersion = 1;
export interface InvoicePaymentFailedData {
  readonly invoiceId: string;
  readonly organizationId: string;
  readonly attempt: number;
  readonly failureCode: string;
  readonly failureReason: string;
  readonly nextAttemptAt: string | null;
  readonly failedAt: string;
}
export type InvoicePaymentFailed = PublicEvent<'InvoicePaymentFailed', InvoicePaymentFailedData>;

export const InvoiceMarkedUncollectibleSchemaVersion = 1;
export interface InvoiceMarkedUncollectibleData {
  readonly invoiceId: string;
  readonly organizationId: string;
  readonly markedAt: string;
}
export type InvoiceMarkedUncollectible = PublicEvent<'InvoiceMarkedUncollectible', InvoiceMarkedUncollectibleData>;

/** Dunning's marks on a subscription: past due, unpaid (the organization suspended), recovered. */
export const SubscriptionDunningSchemaVersion = 1;
export interface SubscriptionDunningData {
  readonly organizationId: string;
  readonly invoiceId: string;
  /** The subscription's status after the mark (another invoice may still be owed). */
  readonly status: 'active' | 'past_due' | 'unpaid';
  readonly at: string;
}
export type SubscriptionPastDue = PublicEvent<'SubscriptionPastDue', SubscriptionDunningData>;
export type SubscriptionUnpaid = PublicEvent<'SubscriptionUnpaid', SubscriptionDunningData>;
export type SubscriptionRecovered = PublicEvent<'SubscriptionRecovered', SubscriptionDunningData>;

export type PublicInvoiceEvent =
  | InvoiceDrafted
  | InvoiceFinalized
  | InvoicePaid
  | InvoicePaymentFailed
  | InvoiceMarkedUncollectible
  | SubscriptionPastDue
  | SubscriptionUnpaid
  | SubscriptionRecovered;
