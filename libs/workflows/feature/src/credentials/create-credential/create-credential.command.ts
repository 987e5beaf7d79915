import { Command } from '@nestjs/cqrs';
import { type CommandContext, type OrganizationRole } from '@weft/kernel';
import { type CredentialView } from '@weft/read-model-workflows';
import { type CredentialType } from '../encryption/credential-types.js';

/** A new credential. `data` is the plaintext secret: it lives in memory until the handler encrypts it. */
export interface CreateCredentialInput {
  readonly name: string;
  readonly type: CredentialType;
  readonly data: Record<string, unknown>;
  readonly isShared?: boolean;
  /** ISO 8601; from then on a run using the credential fails. */
  readonly expiresAt?: string;
}

/** Creates a credential owned by the actor of `context`. */
export class CreateCredentialCommand extends Command<CredentialView> {
  constructor(
    readonly input: CreateCredentialInput,
    readonly actorRole: OrganizationRole,
    readonly context: CommandContext,
  ) {
    super();
  }
}
