import { type TenantContext } from '@weft/kernel';
import { Command } from '@nestjs/cqrs';

/** Owners and admins remove members; any member may remove themselves (leave). */
export class RemoveMemberCommand extends Command<void> {
  constructor(
    readonly context: TenantContext,
    /** As the path gave it: not yet known to be a uuid. */
    readonly userId: string,
  ) {
    super();
  }
}
