import { Query } from '@nestjs/cqrs';
import { type SubscriptionView } from '@weft/read-model-billing';

/** The organization's subscription (members with `billing:read`). */
export class GetSubscriptionQuery extends Query<SubscriptionView> {
  constructor(readonly organizationId: string) {
    super();
  }
}
