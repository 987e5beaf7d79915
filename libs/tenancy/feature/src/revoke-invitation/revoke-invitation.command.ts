import { type TenantContext } from '@weft/kernel';
import { Command } from '@nestjs/cqrs';

/** Owners and admins withdraw a pending invitation; its token stops working. */
export class RevokeInvitationCommand extends Command<void> {
  constructor(
    readonly context: TenantContext,
    /** As the path gave it: not yet known to be a uuid. */
    readonly invitationId: string,
  ) {
    super();
  }
}
