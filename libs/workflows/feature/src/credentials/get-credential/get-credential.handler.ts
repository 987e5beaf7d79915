import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type CredentialView } from '@weft/read-model-workflows';
import { CredentialQueryViews } from '../credential-views.js';
import { GetCredentialQuery } from './get-credential.query.js';

@QueryHandler(GetCredentialQuery)
export class GetCredentialHandler implements IQueryHandler<GetCredentialQuery> {
  constructor(private readonly views: CredentialQueryViews) {}

  execute({ organizationId, credentialId }: GetCredentialQuery): Promise<CredentialView> {
    return this.views.require(organizationId, credentialId);
  }
}
