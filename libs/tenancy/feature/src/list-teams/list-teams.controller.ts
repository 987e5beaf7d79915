import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type Page, pageLimit } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, PageQueryDto, RequirePermission } from '@weft/http';
import { type TeamView } from '@weft/read-model-tenancy';
import { ListTeamsQuery } from './list-teams.query.js';

@ApiTags('teams')
@Controller('api/v1/orgs/:orgId/teams')
export class ListTeamsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequirePermission('member:read')
  list(@OrgAccess() access: OrganizationAccess, @Query() query: PageQueryDto): Promise<Page<TeamView>> {
    return this.queries.execute(new ListTeamsQuery(access.organizationId, pageLimit(query.limit), query.cursor));
  }
}
