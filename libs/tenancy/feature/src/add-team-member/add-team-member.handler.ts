import { tenantMetadata } from '@weft/kernel';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database, withTenant } from '@weft/postgres';
import { findMember } from '@weft/read-model-tenancy';
import { TenancyStreams } from '../streams/tenancy-streams.js';
import { requireTeam } from '../views/team-view.js';
import { type AddedTeamMember, AddTeamMemberCommand } from './add-team-member.command.js';

/**
 * The Team aggregate decides with two facts it cannot know itself (teams are their own
 * streams): the actor's organization role and that of the user joining (`null` for an
 * outsider: 422), the latter from the organization's memberships.
 */
@CommandHandler(AddTeamMemberCommand)
export class AddTeamMemberHandler implements ICommandHandler<AddTeamMemberCommand> {
  constructor(
    private readonly streams: TenancyStreams,
    @Inject(Database) private readonly db: Database,
  ) {}

  async execute({ context, actorRole, teamId, input }: AddTeamMemberCommand): Promise<AddedTeamMember> {
    const team = await requireTeam(this.db, context.organizationId, teamId);
    const userId = input.userId.toLowerCase();
    const member = await withTenant(this.db, context.organizationId, (tx) => findMember(tx, userId));
    const role = input.role ?? 'member';
    await this.streams.team(team.id, {
      type: 'AddTeamMember',
      data: { actorRole, userId, role, memberOrgRole: member?.role ?? null },
      metadata: tenantMetadata(context),
    });
    return { teamId: team.id, userId, role };
  }
}
