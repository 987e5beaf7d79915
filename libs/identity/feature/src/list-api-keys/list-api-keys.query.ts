import { Query } from '@nestjs/cqrs';
import { type Page } from '@weft/kernel';
import { type ApiKeyView } from '@weft/read-model-users';

/** One page of an organization's API keys (`limit` as the query string gave it). */
export class ListApiKeysQuery extends Query<Page<ApiKeyView>> {
  constructor(
    readonly organizationId: string,
    readonly page: { readonly limit?: string; readonly cursor?: string },
  ) {
    super();
  }
}
