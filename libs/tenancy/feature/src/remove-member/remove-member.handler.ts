import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { isUuid, tenantMetadata } from '@weft/kernel';
import { TenancyStreams } from '../streams/tenancy-streams.js';
import { memberNotFound } from '../views/member-views.js';
import { RemoveMemberCommand } from './remove-member.command.js';

/** The Organization aggregate decides which removal the actor may make (and keeps the last owner). */
@CommandHandler(RemoveMemberCommand)
export class RemoveMemberHandler implements ICommandHandler<RemoveMemberCommand> {
  constructor(private readonly streams: TenancyStreams) {}

  async execute({ context, userId }: RemoveMemberCommand): Promise<void> {
    if (!isUuid(userId)) throw memberNotFound();
    await this.streams.organization({ type: 'RemoveMember', data: { userId: userId.toLowerCase() }, metadata: tenantMetadata(context) });
  }
}
