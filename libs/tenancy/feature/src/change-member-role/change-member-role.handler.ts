import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { isUuid, tenantMetadata } from '@weft/kernel';
import { USER_DIRECTORY, type UserDirectory } from '@weft/ports';
import { Database } from '@weft/postgres';
import { TenancyStreams } from '../streams/tenancy-streams.js';
import { type MemberView, memberNotFound, requireMember } from '../views/member-views.js';
import { ChangeMemberRoleCommand } from './change-member-role.command.js';

/** The Organization aggregate decides (ownership rules, the last owner stays); the answer is the member as now listed. */
@CommandHandler(ChangeMemberRoleCommand)
export class ChangeMemberRoleHandler implements ICommandHandler<ChangeMemberRoleCommand> {
  constructor(
    private readonly streams: TenancyStreams,
    @Inject(Database) private readonly db: Database,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
  ) {}

  async execute({ context, userId, role }: ChangeMemberRoleCommand): Promise<MemberView> {
    if (!isUuid(userId)) throw memberNotFound();
    const member = userId.toLowerCase();
    await this.streams.organization({ type: 'ChangeMemberRole', data: { userId: member, role }, metadata: tenantMetadata(context) });
    return requireMember(this.db, this.users, context.organizationId, member);
  }
}
