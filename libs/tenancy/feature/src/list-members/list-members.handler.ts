import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type Page } from '@weft/kernel';
import { USER_DIRECTORY, type UserDirectory } from '@weft/ports';
import { QueryDatabase, withTenant } from '@weft/postgres';
import { listMembers } from '@weft/read-model-tenancy';
import { type MemberView, withUsers } from '../views/member-views.js';
import { ListMembersQuery } from './list-members.query.js';

/** The page from tenancy's memberships; the names and emails on it from identity, in one call. */
@QueryHandler(ListMembersQuery)
export class ListMembersHandler implements IQueryHandler<ListMembersQuery> {
  constructor(
    @Inject(QueryDatabase) private readonly db: QueryDatabase,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
  ) {}

  async execute({ organizationId, limit, cursor }: ListMembersQuery): Promise<Page<MemberView>> {
    const page = await withTenant(this.db, organizationId, (tx) => listMembers(tx, limit, cursor));
    return { data: await withUsers(this.users, page.data), nextCursor: page.nextCursor };
  }
}
