import { Command } from '@nestjs/cqrs';
import { type CommandContext } from '@weft/kernel';
import { type ProviderEventReceipt } from '../payments/provider-event-streams.js';

/** Stripe delivers an event: the body's bytes as they came (its signature is over them) and the Stripe-Signature header. */
export class ReceiveStripeEventCommand extends Command<ProviderEventReceipt> {
  constructor(
    readonly context: CommandContext,
    readonly payload: Uint8Array,
    readonly signature: string | undefined,
    readonly receivedAt: Date,
  ) {
    super();
  }
}
