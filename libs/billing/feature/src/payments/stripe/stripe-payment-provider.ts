import {
  type PaymentCustomer,
  type PaymentOutcome,
  type PaymentProvider,
  type PaymentRequest,
  customerIdempotencyKey,
  requirePaymentCustomer,
  requirePaymentRequest,
} from '@weft/billing-domain';
import type Stripe from 'stripe';
import { outcomeOfCardError, outcomeOfIntent, stripeFailure } from './stripe-outcomes.js';

/** Organizations whose customer id is kept in memory (the rest are looked up again). */
const KNOWN_CUSTOMERS = 10_000;

/**
 * The port over Stripe. Weft keeps its own subscriptions and invoices (periods, proration
 * to the second, numbering, dunning), so Stripe is used as a payment processor only: a
 * Customer per organization (metadata `organizationId`), and per invoice attempt one
 * PaymentIntent, confirmed off-session on the customer's default payment method, with
 * the invoice's id and number in its metadata. Stripe Subscriptions and Invoices would
 * be a second billing ledger with its own periods, numbers, retries and emails competing
 * with Weft's; one PaymentIntent is one call under one idempotency key, so an attempt
 * can neither half-happen nor happen twice.
 *
 * Every write carries a key derived from what it does (`weft:customer:<org>`, the
 * attempt's `weft:invoice:<id>:attempt:<n>`), so a retry after a lost answer (by the
 * SDK, by the caller, by another replica) is recognised by Stripe, for 24 hours, and
 * charges nothing more.
 */
export class StripePaymentProvider implements PaymentProvider {
  readonly name = 'stripe' as const;
  private readonly customers = new Map<string, string>();

  constructor(private readonly stripe: Stripe) {}

  async ensureCustomer(customer: PaymentCustomer): Promise<{ customerId: string }> {
    const { organizationId, name, email } = requirePaymentCustomer(customer);
    const known = await this.findCustomer(organizationId);
    if (known !== undefined) return { customerId: known };
    const created = await this.call('customers.create', () =>
      this.stripe.customers.create(
        { name, ...(email ? { email } : {}), metadata: { organizationId } },
        { idempotencyKey: customerIdempotencyKey(organizationId) },
      ),
    );
    this.remember(organizationId, created.id);
    return { customerId: created.id };
  }

  async collect(request: PaymentRequest): Promise<PaymentOutcome> {
    requirePaymentRequest(request);
    const customerId = await this.findCustomer(request.organizationId);
    if (customerId === undefined) return nothingToCharge('no_customer', 'The organization has no customer at Stripe yet (ensureCustomer).');
    const paymentMethod = await this.defaultPaymentMethod(customerId);
    if (paymentMethod === undefined) return nothingToCharge('no_payment_method', 'The customer has no default payment method at Stripe.');
    try {
      const intent = await this.stripe.paymentIntents.create(
        {
          amount: request.amount,
          currency: request.currency,
          customer: customerId,
          payment_method: paymentMethod,
          confirm: true,
          off_session: true,
          // A saved method is charged without the customer: nothing may redirect them.
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
          description: request.description,
          metadata: { organizationId: request.organizationId, invoiceId: request.invoiceId, invoiceNumber: request.invoiceNumber },
        },
        { idempotencyKey: request.idempotencyKey },
      );
      return outcomeOfIntent(intent);
    } catch (error) {
      const outcome = outcomeOfCardError(error);
      if (outcome === undefined) throw stripeFailure(error, 'paymentIntents.create');
      return outcome;
    }
  }

  /**
   * The organization's customer: remembered, or found by its metadata. Stripe's search
   * lags writes by up to a minute; a customer created moments ago in another process is
   * not found, and `customers.create` under the organization's key returns it again.
   */
  private async findCustomer(organizationId: string): Promise<string | undefined> {
    const known = this.customers.get(organizationId);
    if (known !== undefined) return known;
    // The id is a UUID (requirePayment*): nothing in it can end the quoted value.
    const query = `metadata['organizationId']:'${organizationId}'`;
    const found = await this.call('customers.search', () => this.stripe.customers.search({ query, limit: 1 }));
    const id = found.data[0]?.id;
    if (id !== undefined) this.remember(organizationId, id);
    return id;
  }

  private async defaultPaymentMethod(customerId: string): Promise<string | undefined> {
    const customer = await this.call('customers.retrieve', () => this.stripe.customers.retrieve(customerId));
    if (customer.deleted) return undefined;
    const method = customer.invoice_settings?.default_payment_method;
    if (method === null || method === undefined) return undefined;
    return typeof method === 'string' ? method : method.id;
  }

  private remember(organizationId: string, customerId: string): void {
    if (this.customers.size >= KNOWN_CUSTOMERS) this.customers.clear();
    this.customers.set(organizationId, customerId);
  }

  private async call<T>(name: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw stripeFailure(error, name);
    }
  }
}

function nothingToCharge(failureCode: string, failureReason: string): PaymentOutcome {
  return { status: 'failed', providerPaymentId: null, failureCode, failureReason };
}
