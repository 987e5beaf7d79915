import { Query } from '@nestjs/cqrs';
import { type Page } from '@weft/kernel';
import { type Principal } from '@weft/http';
import { type MyOrganization } from '@weft/read-model-tenancy';

/** The caller's organizations with their role: a user's memberships, an API key's own organization. */
export class ListMyOrganizationsQuery extends Query<Page<MyOrganization>> {
  constructor(readonly principal: Principal) {
    super();
  }
}
