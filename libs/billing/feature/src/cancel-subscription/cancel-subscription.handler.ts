import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { tenantMetadata } from '@weft/kernel';
import { type SubscriptionView } from '@weft/read-model-billing';
import { SubscriptionStreams } from '../subscriptions/subscription-streams.js';
import { CancelSubscriptionCommand } from './cancel-subscription.command.js';

/** 200 with `cancelAtPeriodEnd: true` and `endsAt`; the subscription clock ends it then. */
@CommandHandler(CancelSubscriptionCommand)
export class CancelSubscriptionHandler implements ICommandHandler<CancelSubscriptionCommand> {
  constructor(private readonly subscriptions: SubscriptionStreams) {}

  execute({ context }: CancelSubscriptionCommand): Promise<SubscriptionView> {
    return this.subscriptions.decideAndShow({ type: 'CancelSubscription', data: {}, metadata: tenantMetadata(context) });
  }
}
