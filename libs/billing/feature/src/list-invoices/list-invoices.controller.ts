import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { OrgAccess, type OrganizationAccess, RequirePermission } from '@weft/http';
import { type InvoiceView } from '@weft/read-model-billing';
import { ListInvoicesQuery } from './list-invoices.query.js';

@ApiTags('billing')
@Controller('api/v1/orgs/:orgId/billing/invoices')
export class ListInvoicesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequirePermission('billing:read')
  list(@OrgAccess() access: OrganizationAccess): Promise<{ data: InvoiceView[] }> {
    return this.queries.execute(new ListInvoicesQuery(access.organizationId));
  }
}
