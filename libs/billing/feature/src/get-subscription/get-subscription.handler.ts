import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UserError } from '@weft/kernel';
import { QueryDatabase, withTenant } from '@weft/postgres';
import { type SubscriptionView, findSubscription } from '@weft/read-model-billing';
import { GetSubscriptionQuery } from './get-subscription.query.js';

/** Reads the subscriptions read model as the organization (`withTenant`, the replica when one is configured); 404 before the trial started. */
@QueryHandler(GetSubscriptionQuery)
export class GetSubscriptionHandler implements IQueryHandler<GetSubscriptionQuery> {
  constructor(@Inject(QueryDatabase) private readonly db: QueryDatabase) {}

  async execute({ organizationId }: GetSubscriptionQuery): Promise<SubscriptionView> {
    const view = await withTenant(this.db, organizationId, (tx) => findSubscription(tx));
    if (view === undefined) throw new UserError('not_found', 'subscription.not_found', 'This organization has no subscription yet.');
    return view;
  }
}
