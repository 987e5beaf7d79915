import { Command } from '@nestjs/cqrs';
import { type CommandContext, type OrganizationRole } from '@weft/kernel';

/** Deletes the credential: its events stay, a run naming it fails with `credential.not_found`. */
export class DeleteCredentialCommand extends Command<void> {
  constructor(
    readonly credentialId: string,
    readonly actorRole: OrganizationRole,
    readonly context: CommandContext,
  ) {
    super();
  }
}
