import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type CreateOrganization, type UpdateOrganization } from '@weft/tenancy-domain';
import { type Page, UserError } from '@weft/kernel';
import { type Principal } from '@weft/nest';
import { Database, withTenant } from '@weft/postgres';
import { type MyOrganization, type OrganizationView, findOrganization, organizationsOf } from '@weft/read-model-tenancy';
import { claimSlug } from '../slug-claims.js';
import { type RequestContext, TenancyCommands, organizationSlugStreamId, tenantMetadata } from '../tenancy-commands.js';
import { type TenancyConfig } from '../tenancy-config.js';
import { TENANCY_CONFIG } from '../tenancy.tokens.js';
import { type CreateOrganizationDto, type UpdateOrganizationDto } from './organization.dto.js';

@Injectable()
export class Organizations {
  constructor(
    private readonly commands: TenancyCommands,
    @Inject(Database) private readonly db: Database,
    @Inject(TENANCY_CONFIG) private readonly config: TenancyConfig,
  ) {}

  /** Reserves the slug first (its own stream, so two creations cannot both get it), then creates. */
  async create(body: CreateOrganizationDto, actorId: string, requestId: string): Promise<OrganizationView> {
    const context: RequestContext = { organizationId: randomUUID(), actorId, requestId };
    const slug = await this.reserveSlug(body, context);
    const command: CreateOrganization = {
      type: 'CreateOrganization',
      data: { name: body.name, slug, description: body.description ?? null, trialDays: this.config.trialDays },
      metadata: tenantMetadata(context),
    };
    try {
      await this.commands.organization(command);
    } catch (error) {
      await this.commands.slug(organizationSlugStreamId(slug), { type: 'ReleaseSlug', data: { slug, ownerId: context.organizationId }, metadata: tenantMetadata(context) });
      throw error;
    }
    return this.require(context.organizationId);
  }

  async update(body: UpdateOrganizationDto, context: RequestContext): Promise<OrganizationView> {
    const data: UpdateOrganization['data'] = {
      ...(body.name === undefined ? {} : { name: body.name }),
      ...(body.description === undefined ? {} : { description: body.description }),
      ...(body.settings === undefined ? {} : { preferences: { ...body.settings } }),
    };
    await this.commands.organization({ type: 'UpdateOrganization', data, metadata: tenantMetadata(context) });
    return this.require(context.organizationId);
  }

  /** The caller's organizations; an API key sees its own organization only. */
  async mine(principal: Principal): Promise<Page<MyOrganization>> {
    if (principal.kind === 'user') return { data: await organizationsOf(this.db, principal.userId), nextCursor: null };
    const organization = await withTenant(this.db, principal.organizationId, (tx) => findOrganization(tx, principal.organizationId));
    return { data: organization ? [{ id: organization.id, name: organization.name, slug: organization.slug, role: principal.role }] : [], nextCursor: null };
  }

  async require(organizationId: string): Promise<OrganizationView> {
    const organization = await withTenant(this.db, organizationId, (tx) => findOrganization(tx, organizationId));
    if (organization === undefined) throw new UserError('not_found', 'organization.not_found', 'No such organization, or you are not a member of it.');
    return organization;
  }

  private reserveSlug(body: CreateOrganizationDto, context: RequestContext): Promise<string> {
    return claimSlug(body.slug, body.name, 'org', 'organization.slug_invalid', (slug) =>
      this.commands.slug(organizationSlugStreamId(slug), { type: 'ReserveSlug', data: { slug, ownerId: context.organizationId }, metadata: tenantMetadata(context) }),
    );
  }
}
