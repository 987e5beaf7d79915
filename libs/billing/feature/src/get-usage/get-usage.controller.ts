import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { OrgAccess, type OrganizationAccess, RequirePermission } from '@weft/http';
import { GetUsageQuery } from './get-usage.query.js';
import { UsageView } from './usage-view.js';

@ApiTags('billing')
@Controller('api/v1/orgs/:orgId/billing/usage')
export class GetUsageController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequirePermission('billing:read')
  @ApiOkResponse({ type: UsageView })
  get(@OrgAccess() access: OrganizationAccess): Promise<UsageView> {
    return this.queries.execute(new GetUsageQuery(access.organizationId, new Date()));
  }
}
