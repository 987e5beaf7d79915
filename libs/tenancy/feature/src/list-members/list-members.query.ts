import { Query } from '@nestjs/cqrs';
import { type Page } from '@weft/kernel';
import { type MemberView } from '../views/member-views.js';

/** One page of an organization's members, by join time. */
export class ListMembersQuery extends Query<Page<MemberView>> {
  constructor(
    readonly organizationId: string,
    readonly limit: number,
    readonly cursor: string | undefined,
  ) {
    super();
  }
}
