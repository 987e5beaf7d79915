import { Command } from '@nestjs/cqrs';
import { type OrganizationRole, type TenantContext } from '@weft/kernel';

/** Removes a user from a team; when it is the actor, they leave it. */
export class RemoveTeamMemberCommand extends Command<void> {
  constructor(
    readonly context: TenantContext,
    readonly actorRole: OrganizationRole,
    /** Both as the path gave them: not yet known to be uuids. */
    readonly teamId: string,
    readonly userId: string,
  ) {
    super();
  }
}
