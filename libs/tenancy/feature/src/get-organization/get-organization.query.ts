import { Query } from '@nestjs/cqrs';
import { type OrganizationRole } from '@weft/kernel';
import { type OrganizationView } from '@weft/read-model-tenancy';

/** An organization as a member sees it, with their own role in it (as the access guard found it). */
export class GetOrganizationQuery extends Query<OrganizationView & { role: OrganizationRole }> {
  constructor(
    readonly organizationId: string,
    readonly role: OrganizationRole,
  ) {
    super();
  }
}
