import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, Header, HttpCode, HttpStatus, Inject, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type Page, UserError, isUuid, pageLimit } from '@weft/kernel';
import { Authenticated, CurrentPrincipal, OrgAccess, type OrganizationAccess, PageQueryDto, type Principal, RequirePermission } from '@weft/nest';
import { Database, withTenant } from '@weft/postgres';
import { type MemberView, findMember, listMembers } from '@weft/read-model-tenancy';
import { findUserById } from '@weft/read-model-users';
import { TenancyCommands, contextOf, tenantMetadata } from '../tenancy-commands.js';
import { type TenancyConfig } from '../tenancy-config.js';
import { TENANCY_CONFIG } from '../tenancy.tokens.js';
import { hashInvitationToken, issueInvitationToken, readInvitationToken } from './invitation-token.js';
import { ChangeMemberRoleDto, InviteMemberDto } from './members.dto.js';

const DAY_MS = 24 * 60 * 60 * 1000;

const memberNotFound = () => new UserError('not_found', 'organization.member_not_found', 'No such member.');

@ApiTags('members')
@Controller('api/v1')
export class MembersController {
  constructor(
    private readonly commands: TenancyCommands,
    @Inject(Database) private readonly db: Database,
    @Inject(TENANCY_CONFIG) private readonly config: TenancyConfig,
  ) {}

  @Get('orgs/:orgId/members')
  @RequirePermission('member:read')
  members(@OrgAccess() access: OrganizationAccess, @Query() query: PageQueryDto): Promise<Page<MemberView>> {
    const limit = pageLimit(query.limit);
    return withTenant(this.db, access.organizationId, (tx) => listMembers(tx, access.organizationId, limit, query.cursor));
  }

  @Patch('orgs/:orgId/members/:userId')
  @RequirePermission('member:manage')
  async changeRole(@Param('userId') userId: string, @Body() body: ChangeMemberRoleDto, @OrgAccess() access: OrganizationAccess, @Req() request: FastifyRequest): Promise<MemberView> {
    if (!isUuid(userId)) throw memberNotFound();
    await this.commands.organization({ type: 'ChangeMemberRole', data: { userId: userId.toLowerCase(), role: body.role }, metadata: tenantMetadata(contextOf(access, request.id)) });
    return this.member(access.organizationId, userId.toLowerCase());
  }

  /** Owners and admins remove members; any member may remove themselves (leave). The aggregate decides which. */
  @Delete('orgs/:orgId/members/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission('member:read')
  async remove(@Param('userId') userId: string, @OrgAccess() access: OrganizationAccess, @Req() request: FastifyRequest): Promise<void> {
    if (!isUuid(userId)) throw memberNotFound();
    await this.commands.organization({ type: 'RemoveMember', data: { userId: userId.toLowerCase() }, metadata: tenantMetadata(contextOf(access, request.id)) });
  }

  /** The token is in the answer once (for the inviter to pass on); only its hash is stored. */
  @Post('orgs/:orgId/invitations')
  @HttpCode(HttpStatus.CREATED)
  @Header('Cache-Control', 'no-store')
  @RequirePermission('member:manage')
  async invite(@Body() body: InviteMemberDto, @OrgAccess() access: OrganizationAccess, @Req() request: FastifyRequest) {
    const invitationId = randomUUID();
    const { token, tokenHash } = issueInvitationToken(access.organizationId, invitationId);
    const now = new Date();
    const expiresAt = new Date(now.getTime() + (body.expiresInDays ?? this.config.invitationTtlDays) * DAY_MS);
    await this.commands.organization({
      type: 'InviteMember',
      data: { invitationId, email: body.email, role: body.role, tokenHash, expiresAt },
      metadata: tenantMetadata(contextOf(access, request.id), now),
    });
    return { id: invitationId, token, email: body.email.trim().toLowerCase(), role: body.role, expiresAt: expiresAt.toISOString() };
  }

  @Delete('orgs/:orgId/invitations/:invitationId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission('member:manage')
  async revoke(@Param('invitationId') invitationId: string, @OrgAccess() access: OrganizationAccess, @Req() request: FastifyRequest): Promise<void> {
    if (!isUuid(invitationId)) throw new UserError('not_found', 'organization.invitation_not_found', 'No such invitation.');
    await this.commands.organization({ type: 'RevokeInvitation', data: { invitationId: invitationId.toLowerCase() }, metadata: tenantMetadata(contextOf(access, request.id)) });
  }

  /** By the invited user, signed in with the invited email address. */
  @Post('invitations/:token/accept')
  @Authenticated()
  async accept(@Param('token') token: string, @CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest) {
    if (principal.kind !== 'user') throw new UserError('forbidden', 'organization.user_only', 'Invitations are accepted by users, not API keys.');
    const ids = readInvitationToken(token);
    if (ids === undefined) throw new UserError('not_found', 'organization.invitation_not_found', 'No such invitation.');
    const user = await findUserById(this.db, principal.userId);
    if (user === undefined) throw new UserError('unauthorized', 'auth.unauthenticated', 'A valid access token is required.');
    const context = { organizationId: ids.organizationId, actorId: principal.userId, requestId: request.id };
    const result = await this.commands.organization({
      type: 'AcceptInvitation',
      data: { invitationId: ids.invitationId, tokenHash: hashInvitationToken(token), email: user.email },
      metadata: tenantMetadata(context),
    });
    const role = result.state.status === 'active' ? (result.state.members[principal.userId]?.role ?? null) : null;
    return { organizationId: ids.organizationId, role };
  }

  private async member(organizationId: string, userId: string): Promise<MemberView> {
    const member = await withTenant(this.db, organizationId, (tx) => findMember(tx, organizationId, userId));
    if (member === undefined) throw memberNotFound();
    return member;
  }
}
