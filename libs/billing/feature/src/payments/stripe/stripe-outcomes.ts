import { type PaymentOutcome } from '@weft/billing-domain';
import { OperationalError } from '@weft/kernel';
import Stripe from 'stripe';

/** A PaymentIntent after `confirm`, as an outcome of the port. */
export function outcomeOfIntent(intent: Stripe.PaymentIntent): PaymentOutcome {
  const providerPaymentId = intent.id;
  switch (intent.status) {
    case 'succeeded':
      return { status: 'paid', providerPaymentId };
    case 'processing':
      return { status: 'pending', providerPaymentId };
    case 'requires_action':
      return {
        status: 'requires_action',
        providerPaymentId,
        failureCode: 'authentication_required',
        failureReason: 'The customer must authenticate this payment.',
      };
    default: {
      const error = intent.last_payment_error;
      const failureCode = error?.decline_code ?? error?.code ?? `intent_${intent.status}`;
      return { status: 'failed', providerPaymentId, failureCode, failureReason: error?.message ?? `The payment ended as ${intent.status}.` };
    }
  }
}

/**
 * A card error is an outcome: a decline (`failed`, with the issuer's decline code when
 * there is one) or a card that wants the customer to authenticate (`requires_action`).
 * Anything else is not for dunning to handle: `undefined`, and the caller throws.
 */
export function outcomeOfCardError(error: unknown): PaymentOutcome | undefined {
  if (!(error instanceof Stripe.errors.StripeCardError)) return undefined;
  const providerPaymentId = error.payment_intent?.id ?? null;
  // The raw message: the SDK's own carries the request id in front.
  const failureReason = (error.raw as { message?: string } | undefined)?.message || 'The card was declined.';
  if (error.code === 'authentication_required') return { status: 'requires_action', providerPaymentId, failureCode: 'authentication_required', failureReason };
  return { status: 'failed', providerPaymentId, failureCode: error.decline_code ?? error.code ?? 'card_declined', failureReason };
}

/**
 * What Stripe answered that is neither a payment nor a decline. Stripe being away (a
 * connection error, 429, 5xx after the SDK's own retries) is an `OperationalError`:
 * retry the same attempt later, its key makes that safe. A refused key, a bad request or
 * a key reused with other parameters are Weft's mistakes: a plain `Error`, reported.
 * Messages name Stripe's error type, code and request id, never the API key.
 */
export function stripeFailure(error: unknown, call: string): Error {
  if (!(error instanceof Stripe.errors.StripeError)) return error instanceof Error ? error : new Error(String(error));
  const where = `${call}: Stripe ${error.rawType ?? error.type}${error.statusCode === undefined ? '' : ` (${error.statusCode})`}${error.requestId ? `, request ${error.requestId}` : ''}`;
  if (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    error instanceof Stripe.errors.StripeAPIError ||
    (error.statusCode ?? 0) >= 500
  ) {
    return new OperationalError('payment_provider.unavailable', `${where}: Stripe did not answer; retry the same attempt later`, { cause: error });
  }
  if (error instanceof Stripe.errors.StripeAuthenticationError || error instanceof Stripe.errors.StripePermissionError)
    return new Error(`${where}: Stripe refused the API key; check STRIPE_SECRET_KEY (a restricted key needs customers and payment intents write access)`);
  return new Error(`${where}: ${error.code ?? 'no code'}: ${error.message}`);
}
