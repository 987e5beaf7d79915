import { Query } from '@nestjs/cqrs';
import { type Page } from '@weft/kernel';
import { type TeamView } from '@weft/read-model-tenancy';

/** One page of an organization's teams, by slug. */
export class ListTeamsQuery extends Query<Page<TeamView>> {
  constructor(
    readonly organizationId: string,
    readonly limit: number,
    readonly cursor: string | undefined,
  ) {
    super();
  }
}
