import { Query } from '@nestjs/cqrs';
import { type TeamView } from '@weft/read-model-tenancy';
import { type TeamMemberView } from '../views/member-views.js';

/** A team of the organization with its members (names and emails from identity). */
export class GetTeamQuery extends Query<TeamView & { members: TeamMemberView[] }> {
  constructor(
    readonly organizationId: string,
    /** As the path gave it: not yet known to be a uuid. */
    readonly teamId: string,
  ) {
    super();
  }
}
