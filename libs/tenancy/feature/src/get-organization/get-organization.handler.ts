import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type OrganizationRole } from '@weft/kernel';
import { QueryDatabase } from '@weft/postgres';
import { type OrganizationView } from '@weft/read-model-tenancy';
import { requireOrganization } from '../views/organization-view.js';
import { GetOrganizationQuery } from './get-organization.query.js';

@QueryHandler(GetOrganizationQuery)
export class GetOrganizationHandler implements IQueryHandler<GetOrganizationQuery> {
  constructor(@Inject(QueryDatabase) private readonly db: QueryDatabase) {}

  async execute({ organizationId, role }: GetOrganizationQuery): Promise<OrganizationView & { role: OrganizationRole }> {
    return { ...(await requireOrganization(this.db, organizationId)), role };
  }
}
