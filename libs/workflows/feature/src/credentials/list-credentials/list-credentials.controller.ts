import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type Page, pageLimit } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequirePermission } from '@weft/http';
import { type CredentialFilter, type CredentialView } from '@weft/read-model-workflows';
import { ListCredentialsQueryDto } from './list-credentials.dto.js';
import { ListCredentialsQuery } from './list-credentials.query.js';

@ApiTags('credentials')
@Controller('api/v1/orgs/:orgId/credentials')
export class ListCredentialsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequirePermission('credential:read')
  list(@OrgAccess() access: OrganizationAccess, @Query() query: ListCredentialsQueryDto): Promise<Page<CredentialView>> {
    return this.queries.execute(new ListCredentialsQuery(access.organizationId, filterOf(query), pageLimit(query.limit), query.cursor));
  }
}

function filterOf(query: ListCredentialsQueryDto): CredentialFilter {
  return {
    ...(query.type ? { type: query.type } : {}),
    ...(query.q ? { q: query.q } : {}),
    ...(query.shared ? { shared: query.shared === 'true' } : {}),
    ...(query.expiresBefore ? { expiresBefore: query.expiresBefore } : {}),
    ...(query.unusedSince ? { unusedSince: query.unusedSince } : {}),
  };
}
