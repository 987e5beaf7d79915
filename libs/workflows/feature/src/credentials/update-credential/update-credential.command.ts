import { Command } from '@nestjs/cqrs';
import { type CommandContext, type OrganizationRole } from '@weft/kernel';
import { type CredentialView } from '@weft/read-model-workflows';

/** A new name, and/or new plaintext `data` replacing the whole secret (same type). */
export interface UpdateCredentialInput {
  readonly name?: string;
  readonly data?: Record<string, unknown>;
}

export class UpdateCredentialCommand extends Command<CredentialView> {
  constructor(
    readonly credentialId: string,
    readonly input: UpdateCredentialInput,
    readonly actorRole: OrganizationRole,
    readonly context: CommandContext,
  ) {
    super();
  }
}
