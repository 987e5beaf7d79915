import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type CommandContext, tenantContextOf } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequestContext, RequirePermission } from '@weft/http';
import { type SubscriptionView } from '@weft/read-model-billing';
import { ChangeSubscriptionPlanCommand } from './change-subscription-plan.command.js';
import { ChangeSubscriptionPlanDto } from './change-subscription-plan.dto.js';

@ApiTags('billing')
@Controller('api/v1/orgs/:orgId/billing/subscription')
export class ChangeSubscriptionPlanController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @RequirePermission('billing:manage')
  change(
    @Body() body: ChangeSubscriptionPlanDto,
    @OrgAccess() _access: OrganizationAccess,
    @RequestContext() context: CommandContext,
  ): Promise<SubscriptionView> {
    return this.commands.execute(new ChangeSubscriptionPlanCommand(tenantContextOf(context), body.planSlug));
  }
}
