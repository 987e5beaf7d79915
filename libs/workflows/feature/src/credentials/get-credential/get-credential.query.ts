import { Query } from '@nestjs/cqrs';
import { type CredentialView } from '@weft/read-model-workflows';

/** One credential of the organization: metadata, never anything of its data. */
export class GetCredentialQuery extends Query<CredentialView> {
  constructor(
    readonly organizationId: string,
    readonly credentialId: string,
  ) {
    super();
  }
}
