import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type ProviderEvent, type ProviderNotifications } from '@weft/billing-domain';
import { UserError, isUserError } from '@weft/kernel';
import { InvoiceCollection } from '../invoices/invoice-collection.js';
import { STRIPE_NOTIFICATIONS } from '../billing.tokens.js';
import { type ProviderEventReceipt, ProviderEventStreams } from '../payments/provider-event-streams.js';
import { ReceiveStripeEventCommand } from './receive-stripe-event.command.js';

/**
 * Records the event, and settles the invoice a successful payment names (also on a
 * redelivery: a process that died between the two settles on Stripe's retry; settling is
 * idempotent). 200 with what became of the event (recorded, duplicate, ignored); 400 when the
 * signature is missing, wrong or older than 5 minutes, or the body is no Stripe event;
 * 404 without STRIPE_WEBHOOK_SECRET (the route is not there for anyone).
 */
@CommandHandler(ReceiveStripeEventCommand)
export class ReceiveStripeEventHandler implements ICommandHandler<ReceiveStripeEventCommand> {
  constructor(
    @Inject(STRIPE_NOTIFICATIONS) private readonly notifications: ProviderNotifications | null,
    private readonly events: ProviderEventStreams,
    private readonly invoices: InvoiceCollection,
  ) {}

  private readonly logger = new Logger('stripe-webhook');

  async execute({ context, payload, signature, receivedAt }: ReceiveStripeEventCommand): Promise<ProviderEventReceipt> {
    if (this.notifications === null)
      throw new UserError('not_found', 'billing.webhook_not_configured', 'Stripe webhooks are not set up on this installation (STRIPE_WEBHOOK_SECRET).');
    const event = await this.notifications.read({ payload, signature, receivedAt });
    const receipt = await this.events.record(event, context, receivedAt);
    if (receipt.outcome !== 'ignored') await this.settle(event, receivedAt);
    return receipt;
  }

  /** A payment that succeeded pays its invoice; one Weft does not know (another system's, a mismatch) is logged, and Stripe is still answered 200. */
  private async settle(event: ProviderEvent, now: Date): Promise<void> {
    const notification = event.notification;
    if (notification?.kind !== 'payment_succeeded') return;
    const { invoiceId, providerPaymentId, amount, currency } = notification;
    const organizationId = event.organizationId ?? invoiceId.split('_', 1)[0]!;
    try {
      await this.invoices.settleFromProvider(organizationId, invoiceId, { providerPaymentId, amount, currency }, now);
    } catch (error) {
      if (!isUserError(error)) throw error;
      this.logger.warn(`Stripe event ${event.providerEventId} did not settle invoice ${invoiceId}: ${error.code}`);
    }
  }
}
