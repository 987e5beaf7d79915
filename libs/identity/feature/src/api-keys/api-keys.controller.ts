import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, Header, HttpCode, HttpStatus, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { API_KEY_NAME_MAX_LENGTH, type ApiKeyCommand, apiKeyDecider } from '@weft/identity-domain';
import { type EventStreamStore, type Page, UserError, handleCommand, pageLimit, streamIdOf, isUuid } from '@weft/kernel';
import { EVENT_STORE, OrgAccess, type OrganizationAccess, PageQueryDto, ReadYourWrites, RequirePermission } from '@weft/nest';
import { Database, withTenant } from '@weft/postgres';
import { API_KEYS_PROJECTION, type ApiKeyView, findApiKey, listApiKeys } from '@weft/read-model-users';
import { issueOpaqueToken } from '../security/index.js';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'CI deploys', maxLength: API_KEY_NAME_MAX_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(API_KEY_NAME_MAX_LENGTH)
  name!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the key stops working; never when absent.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

const apiKeyStreamId = (apiKeyId: string) => streamIdOf('identity', 'ApiKey', apiKeyId);

/** Organization-scoped API keys: shown once at creation, stored as a sha256, revocable. */
@ApiTags('api-keys')
@Controller('api/v1/orgs/:orgId/api-keys')
export class ApiKeysController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    @Inject(Database) private readonly db: Database,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @Header('Cache-Control', 'no-store')
  @RequirePermission('apikey:manage')
  async create(@Body() body: CreateApiKeyDto, @OrgAccess() access: OrganizationAccess, @Req() request: FastifyRequest): Promise<ApiKeyView & { key: string }> {
    const apiKeyId = randomUUID();
    const issued = issueOpaqueToken('apiKey');
    await this.run(apiKeyId, access, request.id, {
      type: 'CreateApiKey',
      data: { apiKeyId, name: body.name, prefix: issued.displayPrefix, keyHash: issued.hash, expiresAt: body.expiresAt ? new Date(body.expiresAt) : null },
    });
    return { ...(await this.require(access.organizationId, apiKeyId)), key: issued.token };
  }

  @Get()
  @RequirePermission('apikey:manage')
  list(@OrgAccess() access: OrganizationAccess, @Query() query: PageQueryDto): Promise<Page<ApiKeyView>> {
    const limit = pageLimit(query.limit);
    return withTenant(this.db, access.organizationId, (tx) => listApiKeys(tx, access.organizationId, limit, query.cursor));
  }

  @Delete(':apiKeyId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermission('apikey:manage')
  async revoke(@Param('apiKeyId') apiKeyId: string, @OrgAccess() access: OrganizationAccess, @Req() request: FastifyRequest): Promise<void> {
    if (!isUuid(apiKeyId)) throw notFound();
    await this.run(apiKeyId.toLowerCase(), access, request.id, { type: 'RevokeApiKey', data: {} });
  }

  private async run(apiKeyId: string, access: OrganizationAccess, requestId: string, command: Pick<ApiKeyCommand, 'type' | 'data'>): Promise<void> {
    const metadata = { commandId: randomUUID(), now: new Date(), organizationId: access.organizationId, actorId: access.actorId, correlationId: requestId };
    const streamId = apiKeyStreamId(apiKeyId);
    const result = await handleCommand({ store: this.store, streamId, decider: apiKeyDecider, command: { ...command, metadata } as ApiKeyCommand });
    await this.readYourWrites.afterCommand(streamId, result, [API_KEYS_PROJECTION]);
  }

  private async require(organizationId: string, apiKeyId: string): Promise<ApiKeyView> {
    const key = await withTenant(this.db, organizationId, (tx) => findApiKey(tx, organizationId, apiKeyId));
    if (key === undefined) throw notFound();
    return key;
  }
}

const notFound = () => new UserError('not_found', 'api_key.not_found', 'No such API key.');
