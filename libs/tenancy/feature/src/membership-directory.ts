import { Inject, Injectable } from '@nestjs/common';
import { type OrganizationRole } from '@weft/kernel';
import { type MembershipDirectory } from '@weft/nest';
import { Database } from '@weft/postgres';
import { membershipRole } from '@weft/read-model-tenancy';

/** The access guard's view of memberships: tenancy's `organization_users` read model. */
@Injectable()
export class ReadModelMembershipDirectory implements MembershipDirectory {
  constructor(@Inject(Database) private readonly db: Database) {}

  roleOf(organizationId: string, userId: string): Promise<OrganizationRole | null> {
    return membershipRole(this.db, organizationId, userId);
  }
}
