import { Command } from '@nestjs/cqrs';
import { type TenantContext } from '@weft/kernel';
import { type SubscriptionView } from '@weft/read-model-billing';

/** An owner or admin picks the organization's plan: prorated in a paid period; picking one withdraws a scheduled cancellation. */
export class ChangeSubscriptionPlanCommand extends Command<SubscriptionView> {
  constructor(
    readonly context: TenantContext,
    readonly planSlug: string,
  ) {
    super();
  }
}
