import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { OrgAccess, type OrganizationAccess, RequirePermission } from '@weft/http';
import { type SubscriptionView } from '@weft/read-model-billing';
import { GetSubscriptionQuery } from './get-subscription.query.js';

@ApiTags('billing')
@Controller('api/v1/orgs/:orgId/billing/subscription')
export class GetSubscriptionController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequirePermission('billing:read')
  get(@OrgAccess() access: OrganizationAccess): Promise<SubscriptionView> {
    return this.queries.execute(new GetSubscriptionQuery(access.organizationId));
  }
}
