import { type Decider } from '@weft/kernel';
import { type AssignInvoiceNumber } from './invoice-commands.js';
import { type InvoiceNumberAssigned } from './invoice-events.js';

export interface InvoiceNumberingState {
  readonly assigned: number;
  readonly numbers: ReadonlyMap<string, string>;
}

/** `<first 8 of the organization id, upper case>-<sequence, 4 digits at least>`: readable, unique, and in order per organization. */
export const invoiceNumber = (organizationId: string, sequence: number) =>
  `${organizationId.replace(/-/g, '').slice(0, 8).toUpperCase()}-${String(sequence).padStart(4, '0')}`;

/**
 * An organization's invoice numbers, without gaps: the stream hands out the next number
 * to an invoice that has none, and nothing to one that has (a job that crashed between
 * numbering and finalizing gets the same number back). Concurrent numbering is settled by
 * the stream's expected version.
 */
export const invoiceNumberingDecider = {
  decide(command: AssignInvoiceNumber, state: InvoiceNumberingState): InvoiceNumberAssigned[] {
    const { invoiceId } = command.data;
    if (state.numbers.has(invoiceId)) return [];
    const organizationId = command.metadata.organizationId;
    const sequence = state.assigned + 1;
    return [{ type: 'InvoiceNumberAssigned', data: { organizationId, invoiceId, sequence, number: invoiceNumber(organizationId, sequence) } }];
  },
  evolve(state: InvoiceNumberingState, event: InvoiceNumberAssigned): InvoiceNumberingState {
    return { assigned: event.data.sequence, numbers: new Map([...state.numbers, [event.data.invoiceId, event.data.number]]) };
  },
  initialState: (): InvoiceNumberingState => ({ assigned: 0, numbers: new Map() }),
} satisfies Decider<InvoiceNumberingState, AssignInvoiceNumber, InvoiceNumberAssigned>;
