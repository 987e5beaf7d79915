import { Query } from '@nestjs/cqrs';
import { type UsageView } from './usage-view.js';

/** The organization's usage against its plan's limits (members with `billing:read`). */
export class GetUsageQuery extends Query<UsageView> {
  constructor(
    readonly organizationId: string,
    readonly now: Date,
  ) {
    super();
  }
}
