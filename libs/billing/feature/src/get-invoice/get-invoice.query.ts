import { Query } from '@nestjs/cqrs';
import { type InvoiceView } from '@weft/read-model-billing';

export class GetInvoiceQuery extends Query<InvoiceView> {
  constructor(
    readonly organizationId: string,
    readonly invoiceId: string,
  ) {
    super();
  }
}
