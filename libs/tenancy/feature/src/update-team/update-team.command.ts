import { Command } from '@nestjs/cqrs';
import { type OrganizationRole, type TenantContext } from '@weft/kernel';
import { type TeamView } from '@weft/read-model-tenancy';
import { type TeamSettings } from '@weft/tenancy-domain';

export interface UpdateTeamInput {
  readonly name?: string;
  readonly description?: string | null;
  readonly color?: string;
  readonly settings?: TeamSettings;
}

/** Organization owners and admins, and the team's leads, change a team (never its slug). */
export class UpdateTeamCommand extends Command<TeamView> {
  constructor(
    readonly context: TenantContext,
    /** The actor's organization role: a plain member may still lead the team. */
    readonly actorRole: OrganizationRole,
    /** As the path gave it: not yet known to be a uuid. */
    readonly teamId: string,
    readonly input: UpdateTeamInput,
  ) {
    super();
  }
}
