import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type Page } from '@weft/kernel';
import { type CredentialView, listCredentials } from '@weft/read-model-workflows';
import { CredentialQueryViews } from '../credential-views.js';
import { ListCredentialsQuery } from './list-credentials.query.js';

@QueryHandler(ListCredentialsQuery)
export class ListCredentialsHandler implements IQueryHandler<ListCredentialsQuery> {
  constructor(private readonly views: CredentialQueryViews) {}

  execute({ organizationId, filter, limit, cursor }: ListCredentialsQuery): Promise<Page<CredentialView>> {
    return this.views.read(organizationId, (tx) => listCredentials(tx, filter, limit, cursor));
  }
}
