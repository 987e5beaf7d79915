import { type TenantContext } from '@weft/kernel';
import { Command } from '@nestjs/cqrs';
import { type OrganizationRole } from '@weft/tenancy-domain';

export interface InviteMemberInput {
  readonly email: string;
  readonly role: OrganizationRole;
  /** At most 30; absent: `INVITATION_TTL_DAYS`. */
  readonly expiresInDays?: number;
}

/** What the inviter gets back once: the raw token, to pass on to the invited person. */
export interface IssuedInvitation {
  readonly id: string;
  readonly token: string;
  readonly email: string;
  readonly role: OrganizationRole;
  readonly expiresAt: string;
}

/** Owners and admins invite someone by email; only an owner invites an owner. */
export class InviteMemberCommand extends Command<IssuedInvitation> {
  constructor(
    readonly context: TenantContext,
    readonly input: InviteMemberInput,
  ) {
    super();
  }
}
