import { Inject, Injectable } from '@nestjs/common';
import { type PlanLimitName, type PlanLimits, assertWithinPlanLimit } from '@weft/kernel';
import { PLAN_LIMITS } from '@weft/ports';
import { Database, type TenantTransaction, withTenant } from '@weft/postgres';

/**
 * Checks that the organization's plan has room for one more of something before it is
 * added: the limit from `PLAN_LIMITS` (the organization's override, its subscribed plan,
 * the defaults), the count from tenancy's read model. A soft limit: the count and the
 * addition are not one transaction (plan-limits.ts in the kernel says why that is enough).
 */
@Injectable()
export class PlanRoom {
  constructor(
    @Inject(PLAN_LIMITS) private readonly limits: PlanLimits,
    @Inject(Database) private readonly db: Database,
  ) {}

  /** 402 `plan.limit_reached` with `limit`, `used` and `max` when one more would be past the limit. */
  async requireOneMore(organizationId: string, limit: PlanLimitName, count: (tx: TenantTransaction) => Promise<number>): Promise<void> {
    const max = await this.limits.limitOf(organizationId, limit);
    if (max === null) return;
    assertWithinPlanLimit(limit, await withTenant(this.db, organizationId, count), max);
  }
}
