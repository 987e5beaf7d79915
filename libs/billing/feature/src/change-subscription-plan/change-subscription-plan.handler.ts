import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { tenantMetadata } from '@weft/kernel';
import { type SubscriptionView } from '@weft/read-model-billing';
import { SubscriptionStreams } from '../subscriptions/subscription-streams.js';
import { ChangeSubscriptionPlanCommand } from './change-subscription-plan.command.js';

/** 200 with the subscription on the plan's current terms; 404 unknown plan, 409 retired plan, another currency, or an ended subscription. */
@CommandHandler(ChangeSubscriptionPlanCommand)
export class ChangeSubscriptionPlanHandler implements ICommandHandler<ChangeSubscriptionPlanCommand> {
  constructor(private readonly subscriptions: SubscriptionStreams) {}

  async execute({ context, planSlug }: ChangeSubscriptionPlanCommand): Promise<SubscriptionView> {
    const plan = await this.subscriptions.offeredPlan(planSlug);
    return this.subscriptions.decideAndShow({ type: 'ChangeSubscriptionPlan', data: plan, metadata: tenantMetadata(context) });
  }
}
