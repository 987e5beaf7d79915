import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type OrganizationRole } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequirePermission } from '@weft/http';
import { type OrganizationView } from '@weft/read-model-tenancy';
import { GetOrganizationQuery } from './get-organization.query.js';

@ApiTags('organizations')
@Controller('api/v1/orgs')
export class GetOrganizationController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':orgId')
  @RequirePermission('member:read')
  get(@OrgAccess() access: OrganizationAccess): Promise<OrganizationView & { role: OrganizationRole }> {
    return this.queries.execute(new GetOrganizationQuery(access.organizationId, access.role));
  }
}
