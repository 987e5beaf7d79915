import { type Decider, UserError } from '@weft/kernel';
import { type InvoiceCommand, type RecordPaymentAttempt, type SettleFromProvider } from './invoice-commands.js';
import { type InvoiceEvent } from './invoice-events.js';

export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'void', 'uncollectible'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export type InvoiceState =
  | { readonly status: 'none' }
  | {
      readonly status: InvoiceStatus;
      readonly invoiceId: string;
      readonly organizationId: string;
      readonly total: number;
      readonly currency: string;
      readonly number: string | null;
      /** The last collection attempt recorded (0: none yet). */
      readonly attempts: number;
    };

export const initialInvoiceState = (): InvoiceState => ({ status: 'none' });

export function evolveInvoice(state: InvoiceState, event: InvoiceEvent): InvoiceState {
  if (event.type === 'InvoiceDrafted') {
    const { invoiceId, organizationId, total, currency } = event.data;
    return { status: 'draft', invoiceId, organizationId, total, currency, number: null, attempts: 0 };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'InvoiceFinalized':
      return { ...state, status: 'open', number: event.data.number };
    case 'InvoicePaid':
      return { ...state, status: 'paid', attempts: Math.max(state.attempts, event.data.attempt) };
    case 'InvoicePaymentFailed':
      return { ...state, attempts: Math.max(state.attempts, event.data.attempt) };
    case 'InvoiceMarkedUncollectible':
      return { ...state, status: 'uncollectible' };
  }
}

/**
 * Decides the Invoice aggregate's events (one stream per invoice, its id derived from the
 * organization and the period: drafting a period twice decides nothing). Draft → open
 * (numbered) → paid, or uncollectible after the last failed attempt; an uncollectible
 * invoice can still be paid. Every transition is idempotent: a job that retries after a
 * crash decides nothing it already recorded.
 */
export function decideInvoice(command: InvoiceCommand, state: InvoiceState): InvoiceEvent[] {
  const { organizationId, now } = command.metadata;
  if (command.type === 'DraftInvoice') {
    if (state.status !== 'none') return [];
    const { lines } = command.data;
    const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
    if (lines.some((line) => !Number.isSafeInteger(line.amount) || !Number.isSafeInteger(line.quantity)))
      throw new UserError('validation', 'invoice.amount_invalid', 'Invoice amounts are whole numbers of minor units.');
    // A credit larger than the charges is not paid out: the invoice is for nothing.
    return [{ type: 'InvoiceDrafted', data: { ...command.data, organizationId, subtotal, total: Math.max(0, subtotal), draftedAt: now.toISOString() } }];
  }
  if (state.status === 'none' || state.organizationId !== organizationId) throw new UserError('not_found', 'invoice.not_found', 'No such invoice.');
  const invoiceId = state.invoiceId;
  if (command.type === 'FinalizeInvoice') {
    if (state.status !== 'draft') return [];
    return [{ type: 'InvoiceFinalized', data: { invoiceId, organizationId, ...command.data, finalizedAt: now.toISOString() } }];
  }
  if (command.type === 'SettleFromProvider') return settle(command, state, now);
  return recordAttempt(command, state, now);
}

/** Paid out of band, as the provider notified: once, and only for the amount the invoice asks. */
function settle(command: SettleFromProvider, state: Exclude<InvoiceState, { status: 'none' }>, now: Date): InvoiceEvent[] {
  if (state.status !== 'open' && state.status !== 'uncollectible') return [];
  const { providerPaymentId, amount, currency } = command.data;
  if (amount !== state.total || currency !== state.currency)
    throw new UserError(
      'conflict',
      'invoice.amount_mismatch',
      `The payment (${amount} ${currency}) is not this invoice's total (${state.total} ${state.currency}).`,
    );
  const { invoiceId, organizationId, attempts } = state;
  return [{ type: 'InvoicePaid', data: { invoiceId, organizationId, attempt: attempts, providerPaymentId, paidAt: now.toISOString() } }];
}

function recordAttempt(command: RecordPaymentAttempt, state: Exclude<InvoiceState, { status: 'none' }>, now: Date): InvoiceEvent[] {
  const { invoiceId, organizationId } = state;
  const at = now.toISOString();
  if (state.status === 'draft') throw new UserError('conflict', 'invoice.draft', 'A draft invoice is not collected; finalize it first.');
  // Recorded already (a job retried after its append), or paid meanwhile.
  if (state.status === 'paid' || state.status === 'void' || command.data.attempt <= state.attempts) return [];
  const data = command.data;
  if (data.outcome === 'paid')
    return [{ type: 'InvoicePaid', data: { invoiceId, organizationId, attempt: data.attempt, providerPaymentId: data.providerPaymentId, paidAt: at } }];
  const { attempt, failureCode, failureReason, nextAttemptAt } = data;
  const failed: InvoiceEvent = {
    type: 'InvoicePaymentFailed',
    data: { invoiceId, organizationId, attempt, failureCode, failureReason, nextAttemptAt, failedAt: at },
  };
  if (nextAttemptAt !== null || state.status === 'uncollectible') return [failed];
  return [failed, { type: 'InvoiceMarkedUncollectible', data: { invoiceId, organizationId, markedAt: at } }];
}

export const invoiceDecider = {
  decide: decideInvoice,
  evolve: evolveInvoice,
  initialState: initialInvoiceState,
} satisfies Decider<InvoiceState, InvoiceCommand, InvoiceEvent>;
