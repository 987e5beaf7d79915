import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { OrgAccess, type OrganizationAccess, RequirePermission } from '@weft/http';
import { type InvoiceView } from '@weft/read-model-billing';
import { GetInvoiceQuery } from './get-invoice.query.js';

@ApiTags('billing')
@Controller('api/v1/orgs/:orgId/billing/invoices/:invoiceId')
export class GetInvoiceController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequirePermission('billing:read')
  get(@OrgAccess() access: OrganizationAccess, @Param('invoiceId') invoiceId: string): Promise<InvoiceView> {
    return this.queries.execute(new GetInvoiceQuery(access.organizationId, invoiceId));
  }
}
