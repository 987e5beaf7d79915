import { Command } from '@nestjs/cqrs';
import { type OrganizationRole, type TenantContext } from '@weft/kernel';

/** Deletes a team (`team:manage`); its slug is free again afterwards. */
export class DeleteTeamCommand extends Command<void> {
  constructor(
    readonly context: TenantContext,
    readonly actorRole: OrganizationRole,
    /** As the path gave it: not yet known to be a uuid. */
    readonly teamId: string,
  ) {
    super();
  }
}
