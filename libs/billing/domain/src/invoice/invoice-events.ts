/** One line of an invoice; amounts in integer minor units (a credit is negative). */
export interface InvoiceLine {
  readonly kind: 'base' | 'proration_credit' | 'proration_charge' | 'usage';
  readonly description: string;
  readonly quantity: number;
  readonly unitAmount: number;
  readonly amount: number;
  /** Usage lines: the RFC 9162 Merkle root over the hashes of the events counted, in log order (hex). */
  readonly usageRoot?: string;
  /** Usage lines: the window counted (hours, UTC), so an auditor can recount it. */
  readonly usageFrom?: string;
  readonly usageTo?: string;
}

/** The invoice of a paid period, billed at its start: the base price in advance, the last period's prorations and usage after. */
export interface InvoiceDrafted {
  readonly type: 'InvoiceDrafted';
  readonly data: {
    readonly invoiceId: string;
    readonly organizationId: string;
    readonly periodStart: string;
    readonly periodEnd: string;
    readonly currency: string;
    readonly lines: readonly InvoiceLine[];
    readonly subtotal: number;
    readonly total: number;
    readonly draftedAt: string;
  };
}

/** Numbered (per organization, without gaps) and due: `open`. */
export interface InvoiceFinalized {
  readonly type: 'InvoiceFinalized';
  readonly data: {
    readonly invoiceId: string;
    readonly organizationId: string;
    readonly number: string;
    readonly dueDate: string;
    readonly finalizedAt: string;
  };
}

export interface InvoicePaid {
  readonly type: 'InvoicePaid';
  readonly data: {
    readonly invoiceId: string;
    readonly organizationId: string;
    readonly attempt: number;
    readonly providerPaymentId: string | null;
    readonly paidAt: string;
  };
}

/** One collection attempt failed; `nextAttemptAt` null: no attempt is left (the invoice turns uncollectible). */
export interface InvoicePaymentFailed {
  readonly type: 'InvoicePaymentFailed';
  readonly data: {
    readonly invoiceId: string;
    readonly organizationId: string;
    readonly attempt: number;
    readonly failureCode: string;
    readonly failureReason: string;
    readonly nextAttemptAt: string | null;
    readonly failedAt: string;
  };
}

export interface InvoiceMarkedUncollectible {
  readonly type: 'InvoiceMarkedUncollectible';
  readonly data: { readonly invoiceId: string; readonly organizationId: string; readonly markedAt: string };
}

export type InvoiceEvent = InvoiceDrafted | InvoiceFinalized | InvoicePaid | InvoicePaymentFailed | InvoiceMarkedUncollectible;

/** An organization's invoice numbers: each invoice gets the next one once (`billing.InvoiceNumbers-<organizationId>`). */
export interface InvoiceNumberAssigned {
  readonly type: 'InvoiceNumberAssigned';
  readonly data: { readonly organizationId: string; readonly invoiceId: string; readonly sequence: number; readonly number: string };
}
