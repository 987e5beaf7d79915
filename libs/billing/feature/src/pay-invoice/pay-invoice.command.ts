import { Command } from '@nestjs/cqrs';
import { type TenantContext } from '@weft/kernel';
import { type InvoiceView } from '@weft/read-model-billing';

/** An owner or admin pays an open or uncollectible invoice now (after fixing the payment method): one more attempt. */
export class PayInvoiceCommand extends Command<InvoiceView> {
  constructor(
    readonly context: TenantContext,
    readonly invoiceId: string,
  ) {
    super();
  }
}
