import { tenantMetadata, tenantContextOf } from '@weft/kernel';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CredentialView } from '@weft/read-model-workflows';
import { type EncryptedCredentialData } from '@weft/workflows-domain';
import { CredentialStreams } from '../credential-streams.js';
import { CredentialViews } from '../credential-views.js';
import { assertValidCredentialData } from '../encryption/credential-types.js';
import { CredentialCipher } from '../encryption/envelope-cipher.js';
import { UpdateCredentialCommand } from './update-credential.command.js';

/** New data is checked against the credential's type, as its stream has it, and encrypted before the command. */
@CommandHandler(UpdateCredentialCommand)
export class UpdateCredentialHandler implements ICommandHandler<UpdateCredentialCommand> {
  constructor(
    private readonly streams: CredentialStreams,
    private readonly views: CredentialViews,
    private readonly cipher: CredentialCipher,
  ) {}

  async execute({ credentialId, input, actorRole, context }: UpdateCredentialCommand): Promise<CredentialView> {
    const { organizationId } = tenantContextOf(context);
    // The read model first: what the organization cannot see is 404 before its stream is read.
    const visible = await this.views.require(organizationId, credentialId);
    const current = await this.streams.existing(organizationId, visible.id);
    let encrypted: EncryptedCredentialData | undefined;
    if (input.data !== undefined) {
      assertValidCredentialData(current.type, input.data);
      encrypted = await this.cipher.encrypt(organizationId, current.credentialId, input.data);
    }
    const data = { actorRole, ...(input.name === undefined ? {} : { name: input.name }), ...(encrypted === undefined ? {} : { encrypted }) };
    await this.streams.run(current.credentialId, { type: 'UpdateCredential', data, metadata: tenantMetadata(context) });
    return this.views.require(organizationId, current.credentialId);
  }
}
