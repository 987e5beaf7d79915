import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ProviderNotifications } from '@weft/billing-domain';
import { UserError } from '@weft/kernel';
import { STRIPE_NOTIFICATIONS } from '../billing.tokens.js';
import { type ProviderEventReceipt, ProviderEventStreams } from '../payments/provider-event-streams.js';
import { ReceiveStripeEventCommand } from './receive-stripe-event.command.js';

/**
 * 200 with what became of the event (recorded, duplicate, ignored); 400 when the
 * signature is missing, wrong or older than 5 minutes, or the body is no Stripe event;
 * 404 without STRIPE_WEBHOOK_SECRET (the route is not there for anyone).
 */
@CommandHandler(ReceiveStripeEventCommand)
export class ReceiveStripeEventHandler implements ICommandHandler<ReceiveStripeEventCommand> {
  constructor(
    @Inject(STRIPE_NOTIFICATIONS) private readonly notifications: ProviderNotifications | null,
    private readonly events: ProviderEventStreams,
  ) {}

  async execute({ context, payload, signature, receivedAt }: ReceiveStripeEventCommand): Promise<ProviderEventReceipt> {
    if (this.notifications === null)
      throw new UserError('not_found', 'billing.webhook_not_configured', 'Stripe webhooks are not set up on this installation (STRIPE_WEBHOOK_SECRET).');
    const event = await this.notifications.read({ payload, signature, receivedAt });
    return this.events.record(event, context, receivedAt);
  }
}
