import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UserError } from '@weft/kernel';
import { ReadYourWrites } from '@weft/nest';
import { Database, withTenant } from '@weft/postgres';
import { INVOICES_PROJECTION, type InvoiceView, SUBSCRIPTIONS_PROJECTION, findInvoice } from '@weft/read-model-billing';
import { InvoiceCollection } from '../invoices/invoice-collection.js';
import { invoiceStreamId } from '../invoices/invoice-streams.js';
import { PayInvoiceCommand } from './pay-invoice.command.js';

/** 200 with the invoice after the attempt (paid, or still owed with the failure); 409 when there is nothing to pay. */
@CommandHandler(PayInvoiceCommand)
export class PayInvoiceHandler implements ICommandHandler<PayInvoiceCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    private readonly collection: InvoiceCollection,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ context, invoiceId }: PayInvoiceCommand): Promise<InvoiceView> {
    const { organizationId } = context;
    const invoice = await this.find(organizationId, invoiceId);
    if (invoice.status !== 'open' && invoice.status !== 'uncollectible' && invoice.status !== 'draft')
      throw new UserError('conflict', 'invoice.not_payable', `This invoice is ${invoice.status}; there is nothing to pay.`);
    if (invoice.status === 'draft' || invoice.number === null)
      throw new UserError('conflict', 'invoice.draft', 'This invoice is not final yet; try again in a minute.');
    const { recorded } = await this.collection.collect({ ...invoice, organizationId, number: invoice.number }, new Date());
    if (recorded !== undefined) await this.readYourWrites.afterCommand(invoiceStreamId(invoiceId), recorded, [INVOICES_PROJECTION, SUBSCRIPTIONS_PROJECTION]);
    return this.find(organizationId, invoiceId);
  }

  private async find(organizationId: string, invoiceId: string): Promise<InvoiceView> {
    const invoice = /^[0-9a-f-]{36}_\d{8}T\d{6}Z$/.test(invoiceId) ? await withTenant(this.db, organizationId, (tx) => findInvoice(tx, invoiceId)) : undefined;
    if (invoice === undefined) throw new UserError('not_found', 'invoice.not_found', 'No such invoice in this organization.');
    return invoice;
  }
}
