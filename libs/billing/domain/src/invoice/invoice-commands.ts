import { type ActorCommand, type OrganizationCommand } from '@weft/kernel';
import { type InvoiceLine } from './invoice-events.js';

type JobCommand<Type extends string, Data> = ActorCommand<Type, Data> & OrganizationCommand<Type, Data>;

export type DraftInvoice = JobCommand<
  'DraftInvoice',
  { readonly invoiceId: string; readonly periodStart: string; readonly periodEnd: string; readonly currency: string; readonly lines: readonly InvoiceLine[] }
>;
export type FinalizeInvoice = JobCommand<'FinalizeInvoice', { readonly number: string; readonly dueDate: string }>;
/** What one collection attempt came to (the payment provider's outcome), and when the next one is due if it failed. */
export type RecordPaymentAttempt = JobCommand<
  'RecordPaymentAttempt',
  | { readonly attempt: number; readonly outcome: 'paid'; readonly providerPaymentId: string | null }
  | {
      readonly attempt: number;
      readonly outcome: 'failed';
      readonly failureCode: string;
      readonly failureReason: string;
      readonly nextAttemptAt: string | null;
    }
>;

/** The provider says a payment for the invoice succeeded out of band (a webhook: a bank debit that cleared, a card the customer authenticated). */
export type SettleFromProvider = JobCommand<'SettleFromProvider', { readonly providerPaymentId: string; readonly amount: number; readonly currency: string }>;

export type InvoiceCommand = DraftInvoice | FinalizeInvoice | RecordPaymentAttempt | SettleFromProvider;

export type AssignInvoiceNumber = JobCommand<'AssignInvoiceNumber', { readonly invoiceId: string }>;
