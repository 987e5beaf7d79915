import { Inject, Injectable } from '@nestjs/common';
import { type PlanLimitName, type PlanLimits } from '@weft/kernel';
import { Database, withTenant } from '@weft/postgres';
import { findOrganization } from '@weft/read-model-tenancy';
import { type TenancyConfig } from '../tenancy-config.js';
import { TENANCY_CONFIG } from '../tenancy.tokens.js';

/** Each kernel limit's name in a plan's `limits` (the reference schema's names); `maxTeams` has none. */
const PLAN_LIMIT_KEYS: Readonly<Record<PlanLimitName, string | undefined>> = {
  maxWorkflows: 'workflows',
  maxCredentials: 'credentials',
  maxMembers: 'team_members',
  maxTeams: undefined,
  maxExecutionsPerMonth: 'executions_per_month',
  maxApiCallsPerHour: 'api_calls_per_hour',
  maxStorageGb: 'storage_gb',
};

/**
 * The `PlanLimits` port, from the organizations read model: an organization's own
 * `settings.limits` (an override, ApplyEntitlements) first, then the limits of the plan
 * it subscribes to (`plan_limits`, from billing's Subscription events; `null` there is
 * unlimited), then the configured defaults (no subscription: before the trial started, or
 * after it ended), else unlimited.
 */
@Injectable()
export class OrganizationPlanLimits implements PlanLimits {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(TENANCY_CONFIG) private readonly config: TenancyConfig,
  ) {}

  async limitOf(organizationId: string, limit: PlanLimitName): Promise<number | null> {
    return (await this.limitsOf(organizationId))[limit];
  }

  async limitsOf(organizationId: string): Promise<Record<PlanLimitName, number | null>> {
    const organization = await withTenant(this.db, organizationId, (tx) => findOrganization(tx));
    const overrides = (organization?.settings['limits'] ?? {}) as Record<string, unknown>;
    const limitOf = (limit: PlanLimitName): number | null => {
      const set = overrides[limit];
      if (typeof set === 'number') return set;
      const key = PLAN_LIMIT_KEYS[limit];
      if (organization?.planLimits && key !== undefined && key in organization.planLimits) return organization.planLimits[key] ?? null;
      return this.config.defaultPlanLimits[limit] ?? null;
    };
    return Object.fromEntries(Object.keys(PLAN_LIMIT_KEYS).map((limit) => [limit, limitOf(limit as PlanLimitName)])) as Record<PlanLimitName, number | null>;
  }
}
