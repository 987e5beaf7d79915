import { Controller, Delete } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext, tenantContextOf } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequestContext, RequirePermission } from '@weft/http';
import { type SubscriptionView } from '@weft/read-model-billing';
import { CancelSubscriptionCommand } from './cancel-subscription.command.js';

@ApiTags('billing')
@Controller('api/v1/orgs/:orgId/billing/subscription')
export class CancelSubscriptionController {
  constructor(private readonly commands: CommandBus) {}

  @Delete()
  @RequirePermission('billing:manage')
  cancel(@OrgAccess() _access: OrganizationAccess, @RequestContext() context: CommandContext): Promise<SubscriptionView> {
    return this.commands.execute(new CancelSubscriptionCommand(tenantContextOf(context)));
  }
}
