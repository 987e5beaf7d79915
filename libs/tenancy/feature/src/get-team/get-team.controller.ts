import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { OrgAccess, type OrganizationAccess, RequirePermission } from '@weft/http';
import { type TeamView } from '@weft/read-model-tenancy';
import { type TeamMemberView } from '../views/member-views.js';
import { GetTeamQuery } from './get-team.query.js';

@ApiTags('teams')
@Controller('api/v1/orgs/:orgId/teams')
export class GetTeamController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':teamId')
  @RequirePermission('member:read')
  get(@Param('teamId') teamId: string, @OrgAccess() access: OrganizationAccess): Promise<TeamView & { members: TeamMemberView[] }> {
    return this.queries.execute(new GetTeamQuery(access.organizationId, teamId));
  }
}
