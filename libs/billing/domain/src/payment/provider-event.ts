import { type ActorCommand, type Decider, type FieldError, UserError, isUuid } from '@weft/kernel';
import { type PaymentProviderName } from './payment-provider.js';

/**
 * What a provider told billing about a payment, in no provider's words: the invoice it
 * was for (as `collect` named it) and the provider's payment id. Amounts in minor units.
 */
export type PaymentNotification =
  | {
      readonly kind: 'payment_succeeded';
      readonly invoiceId: string;
      readonly providerPaymentId: string;
      readonly amount: number;
      readonly currency: string;
    }
  | {
      readonly kind: 'payment_failed';
      readonly invoiceId: string;
      readonly providerPaymentId: string;
      readonly failureCode: string;
      readonly failureReason: string;
    }
  | {
      readonly kind: 'payment_refunded';
      readonly invoiceId: string;
      readonly providerPaymentId: string;
      readonly amountRefunded: number;
      readonly currency: string;
    };

/**
 * One notification as a provider delivered it, authenticated. `notification` is `null`
 * for one billing has no use for (another event type, or a payment Weft did not make).
 */
export interface ProviderEvent {
  readonly provider: PaymentProviderName;
  /** The provider's own id of the event (Stripe: `evt_...`): a redelivery carries the same. */
  readonly providerEventId: string;
  readonly providerEventType: string;
  /** When the provider says the event happened (ISO 8601). */
  readonly occurredAt: string;
  /** The organization the payment was for, when the provider carried it back. */
  readonly organizationId: string | null;
  readonly notification: PaymentNotification | null;
}

/**
 * Authenticates a provider's delivery and reads it. A delivery that is not authentic
 * (no signature, a wrong one, or one too old to rule out a replay by someone who
 * captured it) is a `UserError` of kind `validation`.
 */
export interface ProviderNotifications {
  read(delivery: { readonly payload: Uint8Array; readonly signature: string | undefined; readonly receivedAt: Date }): Promise<ProviderEvent>;
}

/** A provider event's stream: one per event, so a redelivery finds it recorded. */
export const providerEventStreamId = (provider: PaymentProviderName, providerEventId: string) => `billing.ProviderEvent-${provider}-${providerEventId}`;

const PROVIDER_EVENT_ID = /^[A-Za-z0-9_]{1,200}$/;

/** Records a payment notification the webhook accepted (actor: the platform). */
export type RecordProviderEvent = ActorCommand<'RecordProviderEvent', ProviderEvent & { readonly notification: PaymentNotification }>;

/** A provider's notification about a payment, recorded once; the invoice and dunning step consumes it. Internal to billing. */
export interface ProviderEventReceived {
  readonly type: 'ProviderEventReceived';
  readonly data: ProviderEvent & { readonly notification: PaymentNotification; readonly receivedAt: string };
}

export interface ProviderEventState {
  readonly recorded: boolean;
}

/** Decides the record of one provider event: the first delivery records it, a redelivery decides nothing. */
export function decideProviderEvent(command: RecordProviderEvent, state: ProviderEventState): ProviderEventReceived[] {
  if (state.recorded) return [];
  const { data, metadata } = command;
  requireProviderEvent(data);
  return [{ type: 'ProviderEventReceived', data: { ...data, receivedAt: metadata.now.toISOString() } }];
}

export const providerEventDecider = {
  decide: decideProviderEvent,
  evolve: (_state: ProviderEventState, _event: ProviderEventReceived): ProviderEventState => ({ recorded: true }),
  initialState: (): ProviderEventState => ({ recorded: false }),
} satisfies Decider<ProviderEventState, RecordProviderEvent, ProviderEventReceived>;

/** What an adapter read must be before it is recorded: ids that name a stream, money in whole minor units. */
function requireProviderEvent(event: RecordProviderEvent['data']): void {
  const errors: FieldError[] = [];
  const field = (name: string, message: string) => errors.push({ field: name, message });
  if (!PROVIDER_EVENT_ID.test(event.providerEventId)) field('providerEventId', 'must be 1 to 200 letters, digits or _');
  if (Number.isNaN(Date.parse(event.occurredAt))) field('occurredAt', 'must be an ISO 8601 instant');
  if (event.organizationId !== null && !isUuid(event.organizationId)) field('organizationId', 'must be an organization id (a UUID) or null');
  const n = event.notification;
  if (n.invoiceId === '' || n.invoiceId.length > 100) field('notification.invoiceId', 'must be 1 to 100 characters');
  if (n.kind === 'payment_succeeded' && (!Number.isSafeInteger(n.amount) || n.amount < 0)) field('notification.amount', 'must be whole minor units');
  if (n.kind === 'payment_refunded' && (!Number.isSafeInteger(n.amountRefunded) || n.amountRefunded < 0))
    field('notification.amountRefunded', 'must be whole minor units');
  if (errors.length > 0) throw new UserError('validation', 'payment.provider_event_invalid', 'The provider event cannot be recorded.', { errors });
}
