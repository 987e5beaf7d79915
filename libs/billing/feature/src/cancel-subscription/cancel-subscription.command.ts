import { Command } from '@nestjs/cqrs';
import { type TenantContext } from '@weft/kernel';
import { type SubscriptionView } from '@weft/read-model-billing';

/** An owner or admin cancels at the end of the period (or of the trial); cancelling twice changes nothing. */
export class CancelSubscriptionCommand extends Command<SubscriptionView> {
  constructor(readonly context: TenantContext) {
    super();
  }
}
