import { Inject, Injectable } from '@nestjs/common';
import { type PlanLimitName, type PlanLimits } from '@weft/kernel';
import { Database, withTenant } from '@weft/postgres';
import { findOrganization } from '@weft/read-model-tenancy';
import { type TenancyConfig } from '../tenancy-config.js';
import { TENANCY_CONFIG } from '../tenancy.tokens.js';

/**
 * The `PlanLimits` port until billing provides it: the limits billing wrote into the
 * organization's `settings.limits` (ApplyEntitlements), else the configured defaults,
 * else unlimited.
 */
@Injectable()
export class OrganizationPlanLimits implements PlanLimits {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(TENANCY_CONFIG) private readonly config: TenancyConfig,
  ) {}

  async limitOf(organizationId: string, limit: PlanLimitName): Promise<number | null> {
    const organization = await withTenant(this.db, organizationId, (tx) => findOrganization(tx));
    const limits = (organization?.settings['limits'] ?? {}) as Record<string, unknown>;
    const set = limits[limit];
    if (typeof set === 'number') return set;
    return this.config.defaultPlanLimits[limit] ?? null;
  }
}
