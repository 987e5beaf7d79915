import { Command } from '@nestjs/cqrs';
import { type OrganizationRole, type TenantContext } from '@weft/kernel';
import { type TeamView } from '@weft/read-model-tenancy';
import { type TeamSettings } from '@weft/tenancy-domain';

export interface CreateTeamInput {
  readonly name: string;
  /** Unique in the organization; generated from the name when absent. */
  readonly slug?: string;
  readonly description?: string;
  readonly color?: string;
  readonly settings?: TeamSettings;
}

/** Creates a team in the organization (`team:manage`). */
export class CreateTeamCommand extends Command<TeamView> {
  constructor(
    readonly context: TenantContext,
    /** The actor's organization role, as the access guard found it: the Team aggregate decides with it. */
    readonly actorRole: OrganizationRole,
    readonly input: CreateTeamInput,
  ) {
    super();
  }
}
