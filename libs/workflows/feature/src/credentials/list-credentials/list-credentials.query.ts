import { Query } from '@nestjs/cqrs';
import { type Page } from '@weft/kernel';
import { type CredentialFilter, type CredentialView } from '@weft/read-model-workflows';

/** The organization's credentials (metadata), newest first. */
export class ListCredentialsQuery extends Query<Page<CredentialView>> {
  constructor(
    readonly organizationId: string,
    readonly filter: CredentialFilter,
    readonly limit: number,
    readonly cursor: string | undefined,
  ) {
    super();
  }
}
