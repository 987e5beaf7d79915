import { tenantMetadata } from '@weft/kernel';
import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database } from '@weft/postgres';
import { type TeamView, countTeams } from '@weft/read-model-tenancy';
import { PlanRoom } from '../limits/plan-room.js';
import { SlugClaims, teamSlugOwner } from '../slugs/slug-claims.js';
import { TenancyStreams } from '../streams/tenancy-streams.js';
import { requireTeam } from '../views/team-view.js';
import { CreateTeamCommand } from './create-team.command.js';

/**
 * Reserves the team slug in the organization first (its own stream: of concurrent
 * creations one gets it), then creates the team; a creation the Team aggregate refuses
 * gives the slug back (compensation), so a refused request leaves nothing reserved.
 */
@CommandHandler(CreateTeamCommand)
export class CreateTeamHandler implements ICommandHandler<CreateTeamCommand> {
  constructor(
    private readonly streams: TenancyStreams,
    private readonly slugs: SlugClaims,
    @Inject(Database) private readonly db: Database,
    private readonly room: PlanRoom,
  ) {}

  async execute({ context, actorRole, input }: CreateTeamCommand): Promise<TeamView> {
    await this.room.requireOneMore(context.organizationId, 'maxTeams', countTeams);
    const teamId = randomUUID();
    const slugOwner = teamSlugOwner(context.organizationId, teamId);
    const slug = await this.slugs.claim(slugOwner, input.slug, input.name, context);
    const { name, description, color, settings } = input;
    try {
      await this.streams.team(teamId, {
        type: 'CreateTeam',
        data: {
          actorRole,
          teamId,
          name,
          slug,
          description: description ?? null,
          ...(color ? { color: color.toLowerCase() } : {}),
          ...(settings ? { settings } : {}),
        },
        metadata: tenantMetadata(context),
      });
    } catch (error) {
      await this.slugs.release(slugOwner, slug, context);
      throw error;
    }
    return requireTeam(this.db, context.organizationId, teamId);
  }
}
