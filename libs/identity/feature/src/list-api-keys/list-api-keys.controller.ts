import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type Page } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, PageQueryDto, RequirePermission } from '@weft/http';
import { type ApiKeyView } from '@weft/read-model-users';
import { ListApiKeysQuery } from './list-api-keys.query.js';

@ApiTags('api-keys')
@Controller('api/v1/orgs/:orgId/api-keys')
export class ListApiKeysController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequirePermission('apikey:manage')
  list(@OrgAccess() access: OrganizationAccess, @Query() query: PageQueryDto): Promise<Page<ApiKeyView>> {
    return this.queries.execute(new ListApiKeysQuery(access.organizationId, { limit: query.limit, cursor: query.cursor }));
  }
}
