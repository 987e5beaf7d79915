import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { USER_DIRECTORY, type UserDirectory } from '@weft/ports';
import { QueryDatabase, withTenant } from '@weft/postgres';
import { type TeamView, teamMembers } from '@weft/read-model-tenancy';
import { type TeamMemberView, withUsers } from '../views/member-views.js';
import { requireTeam } from '../views/team-view.js';
import { GetTeamQuery } from './get-team.query.js';

@QueryHandler(GetTeamQuery)
export class GetTeamHandler implements IQueryHandler<GetTeamQuery> {
  constructor(
    @Inject(QueryDatabase) private readonly db: QueryDatabase,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
  ) {}

  async execute({ organizationId, teamId }: GetTeamQuery): Promise<TeamView & { members: TeamMemberView[] }> {
    const team = await requireTeam(this.db, organizationId, teamId);
    const members = await withTenant(this.db, organizationId, (tx) => teamMembers(tx, team.id));
    return { ...team, members: await withUsers(this.users, members) };
  }
}
