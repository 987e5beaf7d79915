import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type Page } from '@weft/kernel';
import { Database, QueryDatabase, withTenant } from '@weft/postgres';
import { type MyOrganization, findOrganization, organizationsOf } from '@weft/read-model-tenancy';
import { ListMyOrganizationsQuery } from './list-my-organizations.query.js';

/**
 * A user's organizations are a platform read (across organizations, bounded by the user),
 * from the primary like the membership checks: no organization's write position covers
 * it, so a replica could miss an organization just created. An API key belongs to one
 * organization and sees that one only, with its own role: a tenant read (the replica).
 */
@QueryHandler(ListMyOrganizationsQuery)
export class ListMyOrganizationsHandler implements IQueryHandler<ListMyOrganizationsQuery> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(QueryDatabase) private readonly queries: QueryDatabase,
  ) {}

  async execute({ principal }: ListMyOrganizationsQuery): Promise<Page<MyOrganization>> {
    if (principal.kind === 'user') return { data: await organizationsOf(this.db, principal.userId), nextCursor: null };
    const organization = await withTenant(this.queries, principal.organizationId, (tx) => findOrganization(tx));
    return { data: organization ? [{ id: organization.id, name: organization.name, slug: organization.slug, role: principal.role }] : [], nextCursor: null };
  }
}
