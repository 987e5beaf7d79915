import { Inject, Injectable } from '@nestjs/common';
import { type OrganizationRole } from '@weft/kernel';
import { type MembershipDirectory } from '@weft/ports';
import { Database } from '@weft/postgres';
import { membershipRole } from '@weft/read-model-tenancy';

/** How long a looked-up role is reused: the bound on how stale another replica's answer can be. */
export const MEMBERSHIP_CACHE_TTL_MS = 1_000;
const MAX_CACHED = 10_000;

/**
 * The access guard's view of memberships: tenancy's `organization_users` read model,
 * with a one-second cache so a burst of requests costs one lookup. Commands of this
 * process that change memberships forget their organization's entries at once
 * (`forgetOrganization`), so a removed member is refused on their very next request
 * here; another replica may answer from its cache for at most the TTL.
 */
@Injectable()
export class ReadModelMembershipDirectory implements MembershipDirectory {
  private readonly cache = new Map<string, { role: OrganizationRole | null; until: number }>();

  constructor(@Inject(Database) private readonly db: Database) {}

  async roleOf(organizationId: string, userId: string): Promise<OrganizationRole | null> {
    const key = `${organizationId}/${userId}`;
    const now = Date.now();
    const cached = this.cache.get(key);
    if (cached !== undefined && cached.until > now) return cached.role;
    const role = await membershipRole(this.db, organizationId, userId);
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(key, { role, until: now + MEMBERSHIP_CACHE_TTL_MS });
    return role;
  }

  forgetOrganization(organizationId: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${organizationId}/`)) this.cache.delete(key);
  }
}
