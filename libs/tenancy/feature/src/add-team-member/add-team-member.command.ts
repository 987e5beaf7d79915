import { Command } from '@nestjs/cqrs';
import { type OrganizationRole, type TenantContext } from '@weft/kernel';
import { type TeamRole } from '@weft/tenancy-domain';

export interface AddedTeamMember {
  readonly teamId: string;
  readonly userId: string;
  readonly role: TeamRole;
}

/** Adds a member of the organization to a team (organization owners and admins, or the team's leads). */
export class AddTeamMemberCommand extends Command<AddedTeamMember> {
  constructor(
    readonly context: TenantContext,
    readonly actorRole: OrganizationRole,
    /** As the path gave it: not yet known to be a uuid. */
    readonly teamId: string,
    readonly input: { readonly userId: string; readonly role?: TeamRole },
  ) {
    super();
  }
}
