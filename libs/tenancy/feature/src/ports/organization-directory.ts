import { Inject, Injectable } from '@nestjs/common';
import { isUuid } from '@weft/kernel';
import { type OrganizationDirectory, type OrganizationMembership } from '@weft/ports';
import { Database, withTenant } from '@weft/postgres';
import { findTeam, organizationsOf } from '@weft/read-model-tenancy';

/** Tenancy's `ORGANIZATION_DIRECTORY` port, from its read models. */
@Injectable()
export class ReadModelOrganizationDirectory implements OrganizationDirectory {
  constructor(@Inject(Database) private readonly db: Database) {}

  /** Across organizations by design (a platform read), bounded by the user. */
  organizationsOf(userId: string): Promise<OrganizationMembership[]> {
    return organizationsOf(this.db, userId);
  }

  async hasTeam(organizationId: string, teamId: string): Promise<boolean> {
    if (!isUuid(organizationId) || !isUuid(teamId)) return false;
    return (await withTenant(this.db, organizationId, (tx) => findTeam(tx, teamId.toLowerCase()))) !== undefined;
  }
}
