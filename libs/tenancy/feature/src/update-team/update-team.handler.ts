import { tenantMetadata } from '@weft/kernel';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database } from '@weft/postgres';
import { type TeamView } from '@weft/read-model-tenancy';
import { TenancyStreams } from '../streams/tenancy-streams.js';
import { requireTeam } from '../views/team-view.js';
import { UpdateTeamCommand } from './update-team.command.js';

/** The Team aggregate decides who may (organization role or team lead). */
@CommandHandler(UpdateTeamCommand)
export class UpdateTeamHandler implements ICommandHandler<UpdateTeamCommand> {
  constructor(
    private readonly streams: TenancyStreams,
    @Inject(Database) private readonly db: Database,
  ) {}

  async execute({ context, actorRole, teamId, input }: UpdateTeamCommand): Promise<TeamView> {
    const team = await requireTeam(this.db, context.organizationId, teamId);
    const data = { actorRole, ...input, ...(input.color ? { color: input.color.toLowerCase() } : {}) };
    await this.streams.team(team.id, { type: 'UpdateTeam', data, metadata: tenantMetadata(context) });
    return requireTeam(this.db, context.organizationId, team.id);
  }
}
