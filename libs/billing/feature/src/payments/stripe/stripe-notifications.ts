import { type PaymentNotification, type ProviderEvent, type ProviderNotifications } from '@weft/billing-domain';
import { UserError, isUuid } from '@weft/kernel';
import Stripe from 'stripe';
import { type Secret } from '../payments-config.js';

/** How old a signed delivery may be, in seconds: older ones could be a capture replayed. Stripe's default, said out loud. */
export const STRIPE_SIGNATURE_TOLERANCE_SECONDS = 300;

/** The event types billing reads; the rest are acknowledged and dropped. */
export const STRIPE_EVENT_TYPES = ['payment_intent.succeeded', 'payment_intent.payment_failed', 'charge.refunded'] as const;

const EVENT_ID = /^evt_[A-Za-z0-9_]{1,195}$/;

/**
 * Stripe's webhook deliveries: the `Stripe-Signature` header checked by the SDK
 * (HMAC-SHA256 of the timestamp and the body's exact bytes under the endpoint's signing
 * secret, within 5 minutes), then the event read into the port's provider-neutral form.
 * Refusals carry messages of our own: the SDK's would tell a caller how long our signing
 * secret is and how it ends.
 */
export class StripeNotifications implements ProviderNotifications {
  constructor(private readonly secret: Secret) {}

  async read({ payload, signature, receivedAt }: { payload: Uint8Array; signature: string | undefined; receivedAt: Date }): Promise<ProviderEvent> {
    if (signature === undefined || signature === '')
      throw refused('billing.webhook_signature_missing', 'The Stripe-Signature header is missing: only Stripe may call this route.');
    const bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    let event: Stripe.Event;
    try {
      event = Stripe.webhooks.constructEvent(bytes, signature, this.secret.reveal(), STRIPE_SIGNATURE_TOLERANCE_SECONDS, undefined, receivedAt.getTime());
    } catch (error) {
      throw this.refusal(bytes, signature, error);
    }
    return providerEventOf(event);
  }

  private refusal(bytes: Buffer, signature: string, error: unknown): UserError {
    if (!(error instanceof Stripe.errors.StripeSignatureVerificationError))
      return refused('billing.webhook_event_invalid', 'The signed body is not a Stripe event (JSON with an id and a type).');
    if (this.signedButOld(bytes, signature))
      return refused(
        'billing.webhook_signature_expired',
        `The signature's timestamp is more than ${STRIPE_SIGNATURE_TOLERANCE_SECONDS} seconds old: a delivery is accepted within 5 minutes of signing.`,
      );
    return refused('billing.webhook_signature_invalid', 'The Stripe-Signature header does not match the body under this endpoint’s signing secret.');
  }

  // The signature checked again without the age limit: valid then, the delivery was only too old.
  private signedButOld(bytes: Buffer, signature: string): boolean {
    try {
      return Stripe.webhooks.signature?.verifyHeader(bytes, signature, this.secret.reveal(), 0) === true;
    } catch {
      return false;
    }
  }
}

/** A verified Stripe event in the port's words; `notification: null` when billing has no use for it. */
export function providerEventOf(event: Stripe.Event): ProviderEvent {
  if (typeof event.id !== 'string' || !EVENT_ID.test(event.id) || typeof event.type !== 'string')
    throw refused('billing.webhook_event_invalid', 'The signed body is not a Stripe event (JSON with an id and a type).');
  const { organizationId, notification } = notificationOf(event);
  return {
    provider: 'stripe',
    providerEventId: event.id,
    providerEventType: event.type,
    occurredAt: new Date((Number.isSafeInteger(event.created) ? event.created : 0) * 1_000).toISOString(),
    organizationId: isUuid(organizationId) ? organizationId.toLowerCase() : null,
    notification,
  };
}

/** What the event says about a payment Weft made (its metadata names the invoice); `null` for anything else. */
function notificationOf(event: Stripe.Event): { organizationId: unknown; notification: PaymentNotification | null } {
  switch (event.type) {
    case 'payment_intent.succeeded': {
      const intent = event.data.object;
      const { invoiceId, organizationId } = intent.metadata ?? {};
      if (!invoiceId) return { organizationId, notification: null };
      const amount = intent.amount_received || intent.amount;
      return { organizationId, notification: { kind: 'payment_succeeded', invoiceId, providerPaymentId: intent.id, amount, currency: intent.currency } };
    }
    case 'payment_intent.payment_failed': {
      const intent = event.data.object;
      const { invoiceId, organizationId } = intent.metadata ?? {};
      if (!invoiceId) return { organizationId, notification: null };
      const error = intent.last_payment_error;
      const failureCode = error?.decline_code ?? error?.code ?? 'payment_failed';
      const failureReason = error?.message ?? 'The payment failed.';
      return { organizationId, notification: { kind: 'payment_failed', invoiceId, providerPaymentId: intent.id, failureCode, failureReason } };
    }
    case 'charge.refunded': {
      // Stripe copies a PaymentIntent's metadata to its charge when it is confirmed.
      const charge = event.data.object;
      const { invoiceId, organizationId } = charge.metadata ?? {};
      if (!invoiceId) return { organizationId, notification: null };
      const intent = charge.payment_intent;
      const providerPaymentId = typeof intent === 'string' ? intent : (intent?.id ?? charge.id);
      return {
        organizationId,
        notification: { kind: 'payment_refunded', invoiceId, providerPaymentId, amountRefunded: charge.amount_refunded, currency: charge.currency },
      };
    }
    default:
      return { organizationId: undefined, notification: null };
  }
}

const refused = (code: string, message: string) => new UserError('validation', code, message);
