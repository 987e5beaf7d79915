import { Query } from '@nestjs/cqrs';
import { type InvoiceView } from '@weft/read-model-billing';

/** The organization's invoices, newest period first (members with `billing:read`). */
export class ListInvoicesQuery extends Query<{ data: InvoiceView[] }> {
  constructor(readonly organizationId: string) {
    super();
  }
}
