import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type Page, pageLimit } from '@weft/kernel';
import { QueryDatabase, withTenant } from '@weft/postgres';
import { type ApiKeyView, listApiKeys } from '@weft/read-model-users';
import { ListApiKeysQuery } from './list-api-keys.query.js';

/** The organization's keys by creation time, revoked and expired ones included; never a key or its hash. */
@QueryHandler(ListApiKeysQuery)
export class ListApiKeysHandler implements IQueryHandler<ListApiKeysQuery> {
  constructor(@Inject(QueryDatabase) private readonly db: QueryDatabase) {}

  execute({ organizationId, page }: ListApiKeysQuery): Promise<Page<ApiKeyView>> {
    const limit = pageLimit(page.limit);
    return withTenant(this.db, organizationId, (tx) => listApiKeys(tx, limit, page.cursor));
  }
}
