import { Command } from '@nestjs/cqrs';
import { type CommandContext, type OrganizationRole } from '@weft/kernel';

/** The organization joined, and the role the user now holds there (`null` if none: not expected). */
export interface AcceptedInvitation {
  readonly organizationId: string;
  readonly role: OrganizationRole | null;
}

/** The invited user, signed in with the invited address, accepts with the token they were given. */
export class AcceptInvitationCommand extends Command<AcceptedInvitation> {
  constructor(
    readonly context: CommandContext,
    /** The raw token from the path: it names the organization and the invitation. */
    readonly token: string,
  ) {
    super();
  }
}
