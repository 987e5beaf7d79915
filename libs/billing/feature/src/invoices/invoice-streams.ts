import { Inject, Injectable } from '@nestjs/common';
import { type InvoiceCommand, type SubscriptionEvent, invoiceDecider, invoiceNumberingDecider } from '@weft/billing-domain';
import { type EventStreamStore, SYSTEM_ACTOR, handleCommand } from '@weft/kernel';
import { EVENT_STORE } from '@weft/nest';
import { subscriptionStreamId } from '../subscriptions/subscription-streams.js';

/** An invoice's stream: `billing.Invoice-<invoiceId>` (the id names the organization and the period). */
export const invoiceStreamId = (invoiceId: string) => `billing.Invoice-${invoiceId}`;
/** An organization's invoice numbers: `billing.InvoiceNumbers-<organizationId>`. */
export const invoiceNumbersStreamId = (organizationId: string) => `billing.InvoiceNumbers-${organizationId}`;

/** The invoice job's metadata: the platform acting, at `now`, under a command id derived from what is done (a retried pass is a replay). */
export const jobMetadata = (organizationId: string, commandId: string, now: Date) => ({
  commandId,
  now,
  organizationId,
  actorId: SYSTEM_ACTOR.id,
  actorType: SYSTEM_ACTOR.type,
});

/** Load, decide, append for the Invoice aggregate and the invoice numbers. */
@Injectable()
export class InvoiceStreams {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStreamStore) {}

  decide(invoiceId: string, command: InvoiceCommand) {
    return handleCommand({ store: this.store, streamId: invoiceStreamId(invoiceId), decider: invoiceDecider, command });
  }

  /** The invoice's number: the next of its organization, or the one it was given before. */
  async numberFor(organizationId: string, invoiceId: string, now: Date): Promise<string> {
    const result = await handleCommand({
      store: this.store,
      streamId: invoiceNumbersStreamId(organizationId),
      decider: invoiceNumberingDecider,
      command: { type: 'AssignInvoiceNumber', data: { invoiceId }, metadata: jobMetadata(organizationId, `invoice-number:${invoiceId}`, now) },
    });
    return result.state.numbers.get(invoiceId)!;
  }

  /** The subscription's history, as the invoice schedule reads it. */
  async subscriptionHistory(organizationId: string): Promise<SubscriptionEvent[]> {
    return (await this.store.readStream(subscriptionStreamId(organizationId))).map((event) => ({ type: event.type, data: event.data }) as SubscriptionEvent);
  }
}
