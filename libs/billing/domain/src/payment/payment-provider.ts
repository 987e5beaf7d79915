import { type FieldError, UserError, isUuid } from '@weft/kernel';

/** The payment providers Weft has an adapter for. */
export type PaymentProviderName = 'local' | 'stripe';

/** Who pays: an organization, as the provider's customer. */
export interface PaymentCustomer {
  readonly organizationId: string;
  readonly name: string;
  readonly email?: string | null;
}

/**
 * One attempt to collect an invoice. `amount` is in integer minor units of `currency`;
 * `idempotencyKey` comes from `paymentIdempotencyKey(invoiceId, attempt)`: the same
 * attempt sent twice (a retry after a timeout, two replicas) is charged once.
 */
export interface PaymentRequest {
  readonly organizationId: string;
  readonly invoiceId: string;
  readonly invoiceNumber: string;
  readonly amount: number;
  readonly currency: string;
  readonly description: string;
  readonly idempotencyKey: string;
}

/**
 * What came of an attempt. `pending`: the provider has not decided yet (a bank debit);
 * the outcome arrives as a notification. `requires_action`: the customer must act (a
 * card that asks for authentication off-session). `failed`: declined, or nothing to
 * charge (no customer or no payment method at the provider); dunning retries it.
 */
export type PaymentOutcome =
  | { readonly status: 'paid'; readonly providerPaymentId: string }
  | { readonly status: 'pending'; readonly providerPaymentId: string }
  | { readonly status: 'requires_action'; readonly providerPaymentId: string | null; readonly failureCode: string; readonly failureReason: string }
  | { readonly status: 'failed'; readonly providerPaymentId: string | null; readonly failureCode: string; readonly failureReason: string };

/**
 * The payment provider port: the invoice and dunning step calls it with an invoice and
 * gets an outcome back; it never sees which provider answers. Adapters: a local one
 * (embedded mode, tests) and Stripe (libs/billing/feature, `payments/`).
 */
export interface PaymentProvider {
  readonly name: PaymentProviderName;
  /** The organization's customer at the provider, created once (idempotent per organization). */
  ensureCustomer(customer: PaymentCustomer): Promise<{ readonly customerId: string }>;
  /**
   * Charges the organization's customer for one attempt at an invoice. A decline is an
   * outcome, not an error; the provider being unreachable is an `OperationalError`
   * (retry the same attempt: its key makes the retry safe).
   */
  collect(request: PaymentRequest): Promise<PaymentOutcome>;
}

/** Longest idempotency key a provider takes (Stripe: 255 characters). */
const MAX_KEY_LENGTH = 255;
const KEY_PART = /^[A-Za-z0-9_.:-]{1,100}$/;
const CURRENCY = /^[a-z]{3}$/;

/**
 * The idempotency key of attempt `attempt` (1, 2, ...) at an invoice: derived from what
 * is paid, never random, so a retried call is recognised by the provider.
 */
export function paymentIdempotencyKey(invoiceId: string, attempt: number): string {
  if (!KEY_PART.test(invoiceId)) throw new RangeError(`an invoice id of letters, digits and _.:- is needed, got "${invoiceId}"`);
  if (!Number.isSafeInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a whole number from 1, got ${attempt}`);
  return `weft:invoice:${invoiceId}:attempt:${attempt}`;
}

/** The idempotency key of creating an organization's customer: once per organization. */
export const customerIdempotencyKey = (organizationId: string): string => `weft:customer:${organizationId}`;

/** Checks a customer before it goes to a provider; a `UserError` naming the fields otherwise. */
export function requirePaymentCustomer(customer: PaymentCustomer): PaymentCustomer {
  const errors: FieldError[] = [];
  if (!isUuid(customer.organizationId)) errors.push({ field: 'organizationId', message: 'must be an organization id (a UUID)' });
  if (typeof customer.name !== 'string' || customer.name.trim() === '' || customer.name.length > 256)
    errors.push({ field: 'name', message: 'must be 1 to 256 characters' });
  if (customer.email != null && (typeof customer.email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(customer.email) || customer.email.length > 512))
    errors.push({ field: 'email', message: 'must be an email address' });
  if (errors.length > 0) throw new UserError('validation', 'payment.customer_invalid', 'The payment customer is invalid.', { errors });
  return customer;
}

/**
 * Checks an attempt before it goes to a provider: a positive whole amount of minor units
 * (never a fraction near money), a lower-case ISO 4217 currency, a key of its own.
 */
export function requirePaymentRequest(request: PaymentRequest): PaymentRequest {
  const errors: FieldError[] = [];
  const field = (name: string, message: string) => errors.push({ field: name, message });
  if (!isUuid(request.organizationId)) field('organizationId', 'must be an organization id (a UUID)');
  if (!KEY_PART.test(request.invoiceId)) field('invoiceId', 'must be 1 to 100 letters, digits or _.:-');
  if (typeof request.invoiceNumber !== 'string' || request.invoiceNumber.trim() === '' || request.invoiceNumber.length > 100)
    field('invoiceNumber', 'must be 1 to 100 characters');
  if (!Number.isSafeInteger(request.amount) || request.amount <= 0) field('amount', 'must be a whole number of minor units above 0');
  if (typeof request.currency !== 'string' || !CURRENCY.test(request.currency)) field('currency', 'must be a lower-case ISO 4217 code such as usd');
  if (typeof request.description !== 'string' || request.description.length > 1_000) field('description', 'must be at most 1000 characters');
  if (typeof request.idempotencyKey !== 'string' || request.idempotencyKey === '' || request.idempotencyKey.length > MAX_KEY_LENGTH)
    field('idempotencyKey', `must be 1 to ${MAX_KEY_LENGTH} characters (paymentIdempotencyKey)`);
  if (errors.length > 0) throw new UserError('validation', 'payment.request_invalid', 'The payment request is invalid.', { errors });
  return request;
}
