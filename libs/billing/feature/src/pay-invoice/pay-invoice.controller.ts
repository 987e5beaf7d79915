import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext, tenantContextOf } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequestContext, RequirePermission } from '@weft/http';
import { type InvoiceView } from '@weft/read-model-billing';
import { PayInvoiceCommand } from './pay-invoice.command.js';

@ApiTags('billing')
@Controller('api/v1/orgs/:orgId/billing/invoices/:invoiceId/pay')
export class PayInvoiceController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @RequirePermission('billing:manage')
  pay(@OrgAccess() _access: OrganizationAccess, @RequestContext() context: CommandContext, @Param('invoiceId') invoiceId: string): Promise<InvoiceView> {
    return this.commands.execute(new PayInvoiceCommand(tenantContextOf(context), invoiceId));
  }
}
