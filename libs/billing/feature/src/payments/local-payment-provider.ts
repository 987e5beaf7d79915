import {
  type PaymentCustomer,
  type PaymentOutcome,
  type PaymentProvider,
  type PaymentRequest,
  requirePaymentCustomer,
  requirePaymentRequest,
} from '@weft/billing-domain';
import { canonicalJson, uuidV5 } from '@weft/kernel';

/** The namespace of the local provider's payment ids (derived from the idempotency key). */
const LOCAL_PAYMENT_NAMESPACE = '6f1b2c0e-5d7a-4f4e-9a53-2f0c8e1d7b41';

/** A charge the local provider made (what a test checks for double charges). */
export interface LocalCharge {
  readonly organizationId: string;
  readonly invoiceId: string;
  readonly amount: number;
  readonly currency: string;
  readonly providerPaymentId: string;
  readonly idempotencyKey: string;
}

/** Why the local provider turns down an attempt: a declined card, or one that needs the customer to authenticate. */
export type LocalFailure = 'card_declined' | 'insufficient_funds' | 'authentication_required';

const REASONS: Readonly<Record<LocalFailure, string>> = {
  card_declined: 'Your card was declined (local payment provider).',
  insufficient_funds: 'Your card has insufficient funds (local payment provider).',
  authentication_required: 'The card needs the customer to authenticate this payment (local payment provider).',
};

/**
 * The payment provider of the embedded mode and of tests: no network, no account, and
 * deterministic. It pays every invoice unless told otherwise: `failNext(n)` turns down
 * the next n new attempts, `declineOrganization(id)` every attempt of an organization
 * (BILLING_LOCAL_DECLINED_ORGANIZATIONS sets these at start), which is how dunning is
 * exercised without a card. An idempotency key seen before answers its first outcome
 * again and charges nothing (as Stripe does); the same key with another request is a bug
 * of the caller and throws, as Stripe's `idempotency_error` does.
 */
export class LocalPaymentProvider implements PaymentProvider {
  readonly name = 'local' as const;
  private readonly customers = new Map<string, { readonly name: string; readonly email: string | null }>();
  private readonly attempts = new Map<string, { readonly request: string; readonly outcome: PaymentOutcome }>();
  private readonly declined: Set<string>;
  private readonly made: LocalCharge[] = [];
  private failures: { count: number; failure: LocalFailure } = { count: 0, failure: 'card_declined' };

  constructor(options: { readonly declinedOrganizations?: Iterable<string> } = {}) {
    this.declined = new Set([...(options.declinedOrganizations ?? [])].map((id) => id.toLowerCase()));
  }

  async ensureCustomer(customer: PaymentCustomer): Promise<{ customerId: string }> {
    const { organizationId, name, email } = requirePaymentCustomer(customer);
    const id = organizationId.toLowerCase();
    if (!this.customers.has(id)) this.customers.set(id, { name, email: email ?? null });
    return { customerId: `local_cus_${id}` };
  }

  async collect(request: PaymentRequest): Promise<PaymentOutcome> {
    requirePaymentRequest(request);
    const fingerprint = canonicalJson({ ...request, organizationId: request.organizationId.toLowerCase() });
    const seen = this.attempts.get(request.idempotencyKey);
    if (seen !== undefined) {
      if (seen.request !== fingerprint) throw new Error(`idempotency key ${request.idempotencyKey} was used before with another request`);
      return seen.outcome;
    }
    const outcome = this.decide(request);
    this.attempts.set(request.idempotencyKey, { request: fingerprint, outcome });
    if (outcome.status === 'paid') this.made.push({ ...this.chargeOf(request), providerPaymentId: outcome.providerPaymentId });
    return outcome;
  }

  /** Turns down the next `count` new attempts (whatever the organization), with `failure`. */
  failNext(count: number, failure: LocalFailure = 'card_declined'): void {
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be a whole number from 0, got ${count}`);
    this.failures = { count, failure };
  }

  /** Every new attempt of the organization is declined until `acceptOrganization`. */
  declineOrganization(organizationId: string): void {
    this.declined.add(organizationId.toLowerCase());
  }

  acceptOrganization(organizationId: string): void {
    this.declined.delete(organizationId.toLowerCase());
  }

  /** The charges made, in order: one per paid attempt, however often an attempt was sent. */
  charges(): readonly LocalCharge[] {
    return [...this.made];
  }

  private decide(request: PaymentRequest): PaymentOutcome {
    const providerPaymentId = `local_pay_${uuidV5(LOCAL_PAYMENT_NAMESPACE, request.idempotencyKey)}`;
    let failure: LocalFailure | undefined;
    if (this.failures.count > 0) {
      this.failures = { ...this.failures, count: this.failures.count - 1 };
      failure = this.failures.failure;
    } else if (this.declined.has(request.organizationId.toLowerCase())) {
      failure = 'card_declined';
    }
    if (failure === undefined) return { status: 'paid', providerPaymentId };
    const status = failure === 'authentication_required' ? 'requires_action' : 'failed';
    return { status, providerPaymentId, failureCode: failure, failureReason: REASONS[failure] };
  }

  private chargeOf({ organizationId, invoiceId, amount, currency, idempotencyKey }: PaymentRequest): Omit<LocalCharge, 'providerPaymentId'> {
    return { organizationId, invoiceId, amount, currency, idempotencyKey };
  }
}
