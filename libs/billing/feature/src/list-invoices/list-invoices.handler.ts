import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { QueryDatabase, withTenant } from '@weft/postgres';
import { type InvoiceView, listInvoices } from '@weft/read-model-billing';
import { ListInvoicesQuery } from './list-invoices.query.js';

/** One invoice a period: a few a year, so the newest 120 (ten years monthly) are the list. */
const LIMIT = 120;

@QueryHandler(ListInvoicesQuery)
export class ListInvoicesHandler implements IQueryHandler<ListInvoicesQuery> {
  constructor(@Inject(QueryDatabase) private readonly db: QueryDatabase) {}

  async execute({ organizationId }: ListInvoicesQuery): Promise<{ data: InvoiceView[] }> {
    return { data: await withTenant(this.db, organizationId, (tx) => listInvoices(tx, LIMIT)) };
  }
}
