import { tenantMetadata } from '@weft/kernel';
import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database } from '@weft/postgres';
import { type OrganizationView } from '@weft/read-model-tenancy';
import { SlugClaims, organizationSlugOwner } from '../slugs/slug-claims.js';
import { TenancyStreams } from '../streams/tenancy-streams.js';
import { inOrganization, userContextOf } from '../streams/tenant-context.js';
import { type TenancyConfig } from '../tenancy-config.js';
import { TENANCY_CONFIG } from '../tenancy.tokens.js';
import { requireOrganization } from '../views/organization-view.js';
import { CreateOrganizationCommand } from './create-organization.command.js';

/**
 * Reserves the slug first (its own stream, so two creations cannot both get it), then
 * creates the organization; when the creation fails, the slug is given back.
 */
@CommandHandler(CreateOrganizationCommand)
export class CreateOrganizationHandler implements ICommandHandler<CreateOrganizationCommand> {
  constructor(
    private readonly streams: TenancyStreams,
    private readonly slugs: SlugClaims,
    @Inject(Database) private readonly db: Database,
    @Inject(TENANCY_CONFIG) private readonly config: TenancyConfig,
  ) {}

  async execute({ context, input }: CreateOrganizationCommand): Promise<OrganizationView> {
    const tenant = inOrganization(userContextOf(context, 'Organizations are created by users, not API keys.'), randomUUID());
    const slugOwner = organizationSlugOwner(tenant.organizationId);
    const slug = await this.slugs.claim(slugOwner, input.slug, input.name, tenant);
    try {
      await this.streams.organization({
        type: 'CreateOrganization',
        data: { name: input.name, slug, description: input.description ?? null, trialDays: this.config.trialDays },
        metadata: tenantMetadata(tenant),
      });
    } catch (error) {
      await this.slugs.release(slugOwner, slug, tenant);
      throw error;
    }
    return requireOrganization(this.db, tenant.organizationId);
  }
}
