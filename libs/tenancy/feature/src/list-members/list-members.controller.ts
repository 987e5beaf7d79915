import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { type Page, pageLimit } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, PageQueryDto, RequirePermission } from '@weft/http';
import { type MemberView } from '../views/member-views.js';
import { ListMembersQuery } from './list-members.query.js';

@ApiTags('members')
@Controller('api/v1')
export class ListMembersController {
  constructor(private readonly queries: QueryBus) {}

  @Get('orgs/:orgId/members')
  @RequirePermission('member:read')
  members(@OrgAccess() access: OrganizationAccess, @Query() query: PageQueryDto): Promise<Page<MemberView>> {
    return this.queries.execute(new ListMembersQuery(access.organizationId, pageLimit(query.limit), query.cursor));
  }
}
