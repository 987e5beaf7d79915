import { Inject, Injectable } from '@nestjs/common';
import { type PaymentOutcome, type PaymentProvider, type RecordInvoiceCollection, paymentIdempotencyKey } from '@weft/billing-domain';
import { type CommandResult } from '@weft/kernel';
import { PAYMENT_PROVIDER } from '../billing.tokens.js';
import { SubscriptionStreams } from '../subscriptions/subscription-streams.js';
import { INVOICING_CONFIG, type InvoicingConfig } from './invoicing-config.js';
import { InvoiceStreams, jobMetadata } from './invoice-streams.js';

/** An open invoice to collect, as the read model lists it. */
export interface CollectableInvoice {
  readonly id: string;
  readonly organizationId: string;
  readonly number: string;
  readonly total: number;
  readonly currency: string;
  /** Attempts recorded so far. */
  readonly attempts: number;
}

const DAY_MS = 86_400_000;

/**
 * One collection attempt at an invoice, and what dunning makes of it. Exactly once by
 * construction: attempt n is charged under the idempotency key `weft:invoice:<id>:attempt:<n>`
 * (a replica or a retry that repeats it gets the provider's first answer back, not a second
 * charge), and the Invoice decider records attempt n once. A failure makes the
 * subscription past due and schedules the next attempt (BILLING_DUNNING_RETRY_DAYS); the
 * last one makes the invoice uncollectible and the subscription unpaid (runs refused);
 * a payment, even late, makes it active again.
 */
@Injectable()
export class InvoiceCollection {
  constructor(
    private readonly invoices: InvoiceStreams,
    private readonly subscriptions: SubscriptionStreams,
    @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider,
    @Inject(INVOICING_CONFIG) private readonly config: InvoicingConfig,
  ) {}

  /** One attempt now; the invoice's command result when something was recorded (a `pending` outcome records nothing yet). */
  async collect(invoice: CollectableInvoice, now: Date): Promise<{ status: PaymentOutcome['status']; recorded?: CommandResult<unknown> }> {
    const attempt = invoice.attempts + 1;
    const outcome: PaymentOutcome =
      invoice.total === 0
        ? { status: 'paid', providerPaymentId: 'nothing-to-charge' }
        : await this.provider.collect({
            organizationId: invoice.organizationId,
            invoiceId: invoice.id,
            invoiceNumber: invoice.number,
            amount: invoice.total,
            currency: invoice.currency,
            description: `Weft invoice ${invoice.number}`,
            idempotencyKey: paymentIdempotencyKey(invoice.id, attempt),
          });
    if (outcome.status === 'pending') return { status: outcome.status }; // the provider's notification decides
    const metadata = jobMetadata(invoice.organizationId, `invoice:${invoice.id}:attempt:${attempt}`, now);
    if (outcome.status === 'paid') {
      const providerPaymentId = invoice.total === 0 ? null : outcome.providerPaymentId;
      const recorded = await this.invoices.decide(invoice.id, {
        type: 'RecordPaymentAttempt',
        data: { attempt, outcome: 'paid', providerPaymentId },
        metadata,
      });
      await this.dunning(invoice, 'paid', now);
      return { status: outcome.status, recorded };
    }
    const wait = this.config.retryDays[attempt - 1];
    const nextAttemptAt = wait === undefined ? null : new Date(now.getTime() + wait * DAY_MS).toISOString();
    const { failureCode, failureReason } = outcome;
    const data = { attempt, outcome: 'failed' as const, failureCode, failureReason, nextAttemptAt };
    const recorded = await this.invoices.decide(invoice.id, { type: 'RecordPaymentAttempt', data, metadata });
    await this.dunning(invoice, nextAttemptAt === null ? 'final_failure' : 'failed', now);
    return { status: outcome.status, recorded };
  }

  /**
   * A payment the provider notified (Stripe's webhook): the invoice paid, the subscription
   * active again if it was owed. Idempotent: a redelivered notification decides nothing.
   */
  async settleFromProvider(
    organizationId: string,
    invoiceId: string,
    payment: { providerPaymentId: string; amount: number; currency: string },
    now: Date,
  ): Promise<boolean> {
    const metadata = jobMetadata(organizationId, `invoice:${invoiceId}:settled:${payment.providerPaymentId}`, now);
    const result = await this.invoices.decide(invoiceId, { type: 'SettleFromProvider', data: payment, metadata });
    if (result.state.status !== 'paid') return false;
    const invoice = { id: invoiceId, organizationId, number: '', total: payment.amount, currency: payment.currency, attempts: 0 };
    await this.dunning(invoice, 'paid', now);
    return true;
  }

  private async dunning(invoice: CollectableInvoice, outcome: RecordInvoiceCollection['data']['outcome'], now: Date): Promise<void> {
    const metadata = jobMetadata(invoice.organizationId, `dunning:${invoice.id}:${outcome}`, now);
    await this.subscriptions.decide({ type: 'RecordInvoiceCollection', data: { invoiceId: invoice.id, outcome }, metadata });
  }
}
