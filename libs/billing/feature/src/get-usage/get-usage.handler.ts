import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type PlanLimits } from '@weft/kernel';
import { PLAN_LIMITS } from '@weft/ports';
import { QueryDatabase, withTenant } from '@weft/postgres';
import { apiCallsOf, hourOf, meteredRuns, storedBytesOf, usageGauges } from '@weft/read-model-billing';
import { GetUsageQuery } from './get-usage.query.js';
import { type UsageView } from './usage-view.js';

const GB = 1_000_000_000;

/** Reads billing's meters as the organization (`withTenant`, the replica when one is configured) in one transaction, and the limits. */
@QueryHandler(GetUsageQuery)
export class GetUsageHandler implements IQueryHandler<GetUsageQuery> {
  constructor(
    @Inject(QueryDatabase) private readonly db: QueryDatabase,
    @Inject(PLAN_LIMITS) private readonly limits: PlanLimits,
  ) {}

  async execute({ organizationId, now }: GetUsageQuery): Promise<UsageView> {
    const [usage, limit] = await Promise.all([
      withTenant(this.db, organizationId, async (tx) => {
        const runs = await meteredRuns(tx, now);
        const gauges = await usageGauges(tx);
        return { runs, gauges, stored: await storedBytesOf(tx, organizationId), apiCalls: await apiCallsOf(tx, organizationId, hourOf(now)) };
      }),
      this.limits.limitsOf(organizationId),
    ]);
    const { runs, gauges, stored, apiCalls } = usage;
    return {
      periodStart: runs.periodStart.toISOString(),
      periodEnd: runs.periodEnd.toISOString(),
      executions: { used: runs.used, limit: limit.maxExecutionsPerMonth },
      workflows: { used: gauges.workflows, limit: limit.maxWorkflows },
      teamMembers: { used: gauges.team_members, limit: limit.maxMembers },
      credentials: { used: gauges.credentials, limit: limit.maxCredentials },
      storageBytes: { used: stored, limit: limit.maxStorageGb === null ? null : limit.maxStorageGb * GB },
      apiCallsThisHour: { used: apiCalls, limit: limit.maxApiCallsPerHour },
    };
  }
}
