import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type Page, pageLimit } from '@weft/kernel';
import { OrgAccess, type OrganizationAccess, RequirePermission } from '@weft/nest';
import { type CredentialView } from '@weft/read-model-workflows';
import { CreateCredentialDto, ListCredentialsQueryDto, UpdateCredentialDto } from './credentials.dto.js';
import { Credentials } from './credentials.service.js';

@ApiTags('credentials')
@Controller('api/v1/orgs/:orgId/credentials')
export class CredentialsController {
  constructor(private readonly credentials: Credentials) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @RequirePermission('credential:manage')
  create(@Body() body: CreateCredentialDto, @OrgAccess() access: OrganizationAccess, @Req() request: FastifyRequest): Promise<CredentialView> {
    return this.credentials.create(body, access, request.id);
  }

  @Get()
  @RequirePermission('credential:read')
  list(@OrgAccess() access: OrganizationAccess, @Query() query: ListCredentialsQueryDto): Promise<Page<CredentialView>> {
    const filter = { ...(query.type ? { type: query.type } : {}), ...(query.q ? { q: query.q } : {}) };
    return this.credentials.list(access.organizationId, filter, pageLimit(query.limit), query.cursor);
  }

  @Get(':credentialId')
  @RequirePermission('credential:read')
  get(@Param('credentialId') credentialId: string, @OrgAccess() access: OrganizationAccess): Promise<CredentialView> {
    return this.credentials.require(access.organizationId, credentialId);
  }

  @Patch(':credentialId')
  @RequirePermission('credential:manage')
  update(@Param('credentialId') credentialId: string, @Body() body: UpdateCredentialDto, @OrgAccess() access: OrganizationAccess, @Req() request: FastifyRequest): Promise<CredentialView> {
    return this.credentials.update(credentialId, body, access, request.id);
  }

  @Delete(':credentialId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission('credential:manage')
  delete(@Param('credentialId') credentialId: string, @OrgAccess() access: OrganizationAccess, @Req() request: FastifyRequest): Promise<void> {
    return this.credentials.delete(credentialId, access, request.id);
  }
}
