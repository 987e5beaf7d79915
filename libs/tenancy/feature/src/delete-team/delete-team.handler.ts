import { tenantMetadata } from '@weft/kernel';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database } from '@weft/postgres';
import { SlugClaims, teamSlugOwner } from '../slugs/slug-claims.js';
import { TenancyStreams } from '../streams/tenancy-streams.js';
import { requireTeam } from '../views/team-view.js';
import { DeleteTeamCommand } from './delete-team.command.js';

/** Deletes, then releases the slug: a crash between the two leaves a slug reserved, never a team without one. */
@CommandHandler(DeleteTeamCommand)
export class DeleteTeamHandler implements ICommandHandler<DeleteTeamCommand> {
  constructor(
    private readonly streams: TenancyStreams,
    private readonly slugs: SlugClaims,
    @Inject(Database) private readonly db: Database,
  ) {}

  async execute({ context, actorRole, teamId }: DeleteTeamCommand): Promise<void> {
    const team = await requireTeam(this.db, context.organizationId, teamId);
    await this.streams.team(team.id, { type: 'DeleteTeam', data: { actorRole }, metadata: tenantMetadata(context) });
    await this.slugs.release(teamSlugOwner(context.organizationId, team.id), team.slug, context);
  }
}
