import { tenantMetadata, tenantContextOf } from '@weft/kernel';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CredentialStreams } from '../credential-streams.js';
import { CredentialViews } from '../credential-views.js';
import { DeleteCredentialCommand } from './delete-credential.command.js';

@CommandHandler(DeleteCredentialCommand)
export class DeleteCredentialHandler implements ICommandHandler<DeleteCredentialCommand> {
  constructor(
    private readonly streams: CredentialStreams,
    private readonly views: CredentialViews,
  ) {}

  async execute({ credentialId, actorRole, context }: DeleteCredentialCommand): Promise<void> {
    const { organizationId } = tenantContextOf(context);
    const visible = await this.views.require(organizationId, credentialId);
    const current = await this.streams.existing(organizationId, visible.id);
    await this.streams.run(current.credentialId, { type: 'DeleteCredential', data: { actorRole }, metadata: tenantMetadata(context) });
  }
}
