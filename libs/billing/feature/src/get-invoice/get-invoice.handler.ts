import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UserError } from '@weft/kernel';
import { QueryDatabase, withTenant } from '@weft/postgres';
import { type InvoiceView, findInvoice } from '@weft/read-model-billing';
import { GetInvoiceQuery } from './get-invoice.query.js';

/** An invoice id names its organization and period; anything else is simply not found. */
const INVOICE_ID = /^[0-9a-f-]{36}_\d{8}T\d{6}Z$/;

@QueryHandler(GetInvoiceQuery)
export class GetInvoiceHandler implements IQueryHandler<GetInvoiceQuery> {
  constructor(@Inject(QueryDatabase) private readonly db: QueryDatabase) {}

  async execute({ organizationId, invoiceId }: GetInvoiceQuery): Promise<InvoiceView> {
    const invoice = INVOICE_ID.test(invoiceId) ? await withTenant(this.db, organizationId, (tx) => findInvoice(tx, invoiceId)) : undefined;
    if (invoice === undefined) throw new UserError('not_found', 'invoice.not_found', 'No such invoice in this organization.');
    return invoice;
  }
}
