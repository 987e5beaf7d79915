import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type Page, UserError, isUuid, pageLimit } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, PageQueryDto, RequirePermission } from '@weft/nest';
import { Database, withTenant } from '@weft/postgres';
import { type TeamMemberView, type TeamView, findTeam, listTeams, membershipRole, teamMembers } from '@weft/read-model-tenancy';
import { type RequestContext, TenancyCommands, contextOf, teamSlugStreamId, tenantMetadata } from '../tenancy-commands.js';
import { claimSlug } from '../slug-claims.js';
import { AddTeamMemberDto, CreateTeamDto, UpdateTeamDto } from './teams.dto.js';

const teamNotFound = () => new UserError('not_found', 'team.not_found', 'No such team.');

/**
 * Teams of an organization. The Team aggregate decides with the actor's organization
 * role passed in (`actorRole`), so a team lead who is a plain member may still manage
 * the team's members; the guard only requires membership for those routes.
 */
@ApiTags('teams')
@Controller('api/v1/orgs/:orgId/teams')
export class TeamsController {
  constructor(
    private readonly commands: TenancyCommands,
    @Inject(Database) private readonly db: Database,
  ) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @RequirePermission('team:manage')
  async create(@Body() body: CreateTeamDto, @OrgAccess() access: OrganizationAccess, @Req() request: FastifyRequest): Promise<TeamView> {
    const context = contextOf(access, request.id);
    const teamId = randomUUID();
    const slug = await this.reserveSlug(body, teamId, context);
    try {
      await this.commands.team(teamId, {
        type: 'CreateTeam',
        data: { actorRole: access.role, teamId, name: body.name, slug, description: body.description ?? null, ...(body.color ? { color: body.color.toLowerCase() } : {}), ...(body.settings ? { settings: body.settings } : {}) },
        metadata: tenantMetadata(context),
      });
    } catch (error) {
      await this.releaseSlug(slug, teamId, context);
      throw error;
    }
    return this.require(access.organizationId, teamId);
  }

  @Get()
  @RequirePermission('member:read')
  list(@OrgAccess() access: OrganizationAccess, @Query() query: PageQueryDto): Promise<Page<TeamView>> {
    const limit = pageLimit(query.limit);
    return withTenant(this.db, access.organizationId, (tx) => listTeams(tx, access.organizationId, limit, query.cursor));
  }

  @Get(':teamId')
  @RequirePermission('member:read')
  async get(@Param('teamId') teamId: string, @OrgAccess() access: OrganizationAccess): Promise<TeamView & { members: TeamMemberView[] }> {
    const team = await this.require(access.organizationId, teamId);
    return { ...team, members: await withTenant(this.db, access.organizationId, (tx) => teamMembers(tx, access.organizationId, team.id)) };
  }

  @Patch(':teamId')
  @RequirePermission('member:read')
  async update(@Param('teamId') teamId: string, @Body() body: UpdateTeamDto, @OrgAccess() access: OrganizationAccess, @Req() request: FastifyRequest): Promise<TeamView> {
    const team = await this.require(access.organizationId, teamId);
    const data = { actorRole: access.role, ...body, ...(body.color ? { color: body.color.toLowerCase() } : {}) };
    await this.commands.team(team.id, { type: 'UpdateTeam', data, metadata: tenantMetadata(contextOf(access, request.id)) });
    return this.require(access.organizationId, team.id);
  }

  @Delete(':teamId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission('team:manage')
  async remove(@Param('teamId') teamId: string, @OrgAccess() access: OrganizationAccess, @Req() request: FastifyRequest): Promise<void> {
    const team = await this.require(access.organizationId, teamId);
    const context = contextOf(access, request.id);
    await this.commands.team(team.id, { type: 'DeleteTeam', data: { actorRole: access.role }, metadata: tenantMetadata(context) });
    await this.releaseSlug(team.slug, team.id, context);
  }

  @Post(':teamId/members')
  @HttpCode(HttpStatus.CREATED)
  @RequirePermission('member:read')
  async addMember(@Param('teamId') teamId: string, @Body() body: AddTeamMemberDto, @OrgAccess() access: OrganizationAccess, @Req() request: FastifyRequest) {
    const team = await this.require(access.organizationId, teamId);
    const userId = body.userId.toLowerCase();
    const memberOrgRole = await membershipRole(this.db, access.organizationId, userId);
    const role = body.role ?? 'member';
    await this.commands.team(team.id, { type: 'AddTeamMember', data: { actorRole: access.role, userId, role, memberOrgRole }, metadata: tenantMetadata(contextOf(access, request.id)) });
    return { teamId: team.id, userId, role };
  }

  @Delete(':teamId/members/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission('member:read')
  async removeMember(@Param('teamId') teamId: string, @Param('userId') userId: string, @OrgAccess() access: OrganizationAccess, @Req() request: FastifyRequest): Promise<void> {
    const team = await this.require(access.organizationId, teamId);
    if (!isUuid(userId)) throw new UserError('not_found', 'team.member_not_found', 'No such team member.');
    await this.commands.team(team.id, { type: 'RemoveTeamMember', data: { actorRole: access.role, userId: userId.toLowerCase() }, metadata: tenantMetadata(contextOf(access, request.id)) });
  }

  private async require(organizationId: string, teamId: string): Promise<TeamView> {
    const team = await withTenant(this.db, organizationId, (tx) => findTeam(tx, organizationId, teamId));
    if (team === undefined) throw teamNotFound();
    return team;
  }

  private reserveSlug(body: CreateTeamDto, teamId: string, context: RequestContext): Promise<string> {
    return claimSlug(body.slug, body.name, 'team', 'team.slug_invalid', (slug) =>
      this.commands.slug(teamSlugStreamId(context.organizationId, slug), { type: 'ReserveSlug', data: { slug, ownerId: teamId }, metadata: tenantMetadata(context) }),
    );
  }

  private releaseSlug(slug: string, teamId: string, context: RequestContext): Promise<void> {
    return this.commands.slug(teamSlugStreamId(context.organizationId, slug), { type: 'ReleaseSlug', data: { slug, ownerId: teamId }, metadata: tenantMetadata(context) });
  }
}
