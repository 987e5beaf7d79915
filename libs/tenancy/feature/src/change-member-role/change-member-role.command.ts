import { type TenantContext } from '@weft/kernel';
import { Command } from '@nestjs/cqrs';
import { type OrganizationRole } from '@weft/tenancy-domain';
import { type MemberView } from '../views/member-views.js';

/** Owners and admins change a member's role; only an owner grants or takes away ownership. */
export class ChangeMemberRoleCommand extends Command<MemberView> {
  constructor(
    readonly context: TenantContext,
    /** As the path gave it: not yet known to be a uuid. */
    readonly userId: string,
    readonly role: OrganizationRole,
  ) {
    super();
  }
}
