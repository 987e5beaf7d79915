import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UserError, isUuid, tenantMetadata } from '@weft/kernel';
import { Database } from '@weft/postgres';
import { TenancyStreams } from '../streams/tenancy-streams.js';
import { requireTeam } from '../views/team-view.js';
import { RemoveTeamMemberCommand } from './remove-team-member.command.js';

@CommandHandler(RemoveTeamMemberCommand)
export class RemoveTeamMemberHandler implements ICommandHandler<RemoveTeamMemberCommand> {
  constructor(
    private readonly streams: TenancyStreams,
    @Inject(Database) private readonly db: Database,
  ) {}

  async execute({ context, actorRole, teamId, userId }: RemoveTeamMemberCommand): Promise<void> {
    const team = await requireTeam(this.db, context.organizationId, teamId);
    if (!isUuid(userId)) throw new UserError('not_found', 'team.member_not_found', 'No such team member.');
    await this.streams.team(team.id, { type: 'RemoveTeamMember', data: { actorRole, userId: userId.toLowerCase() }, metadata: tenantMetadata(context) });
  }
}
