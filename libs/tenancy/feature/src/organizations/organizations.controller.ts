import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type Page, UserError } from '@weft/kernel';
import { Authenticated, CurrentPrincipal, OrgAccess, type OrganizationAccess, type Principal, RequirePermission } from '@weft/nest';
import { type MyOrganization, type OrganizationView } from '@weft/read-model-tenancy';
import { contextOf } from '../tenancy-commands.js';
import { CreateOrganizationDto, UpdateOrganizationDto } from './organization.dto.js';
import { Organizations } from './organizations.service.js';

@ApiTags('organizations')
@Controller('api/v1/orgs')
export class OrganizationsController {
  constructor(private readonly organizations: Organizations) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @Authenticated()
  create(@Body() body: CreateOrganizationDto, @CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest): Promise<OrganizationView> {
    if (principal.kind !== 'user') throw new UserError('forbidden', 'organization.user_only', 'Organizations are created by users, not API keys.');
    return this.organizations.create(body, principal.userId, request.id);
  }

  @Get()
  @Authenticated()
  mine(@CurrentPrincipal() principal: Principal): Promise<Page<MyOrganization>> {
    return this.organizations.mine(principal);
  }

  @Get(':orgId')
  @RequirePermission('member:read')
  async get(@OrgAccess() access: OrganizationAccess): Promise<OrganizationView & { role: string }> {
    return { ...(await this.organizations.require(access.organizationId)), role: access.role };
  }

  @Patch(':orgId')
  @RequirePermission('org:manage')
  update(@Body() body: UpdateOrganizationDto, @OrgAccess() access: OrganizationAccess, @Req() request: FastifyRequest): Promise<OrganizationView> {
    return this.organizations.update(body, contextOf(access, request.id));
  }
}
