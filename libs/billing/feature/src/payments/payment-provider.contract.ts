import { type PaymentProvider, type PaymentRequest, paymentIdempotencyKey } from '@weft/billing-domain';
import { UserError } from '@weft/kernel';

// What every PaymentProvider adapter must do, whatever is behind it: run against the
// local provider (local-payment-provider.unit.spec.ts) and against Stripe's SDK talking
// to recorded Stripe responses (stripe/stripe-payment-provider.int.spec.ts).

/** What the next attempt should meet at the provider: paid, declined, or the replay of an attempt made before. */
export type ArrangedAttempt = 'paid' | 'declined' | 'replayed';

export interface PaymentProviderHarness {
  readonly provider: PaymentProvider;
  /** Prepares the provider (or its recorded answers) for the next `ensureCustomer` of `organizationId`: `first` time or `again`. */
  arrangeCustomer(organizationId: string, time: 'first' | 'again'): void;
  /** Prepares the provider (or its recorded answers) for the next `collect(request)`. */
  arrangeAttempt(request: PaymentRequest, attempt: ArrangedAttempt): void;
  /** Throws when the provider did not see what was arranged (a recorded call left unmade, one not foreseen). */
  verify(): void;
  close(): Promise<void>;
}

export const CONTRACT_ORGANIZATION = '0191d3c2-7b1a-7c3e-9f00-5a1e2b3c4d5e';

export const contractRequest = (invoice: number, amount: number, attempt = 1): PaymentRequest => ({
  organizationId: CONTRACT_ORGANIZATION,
  invoiceId: `inv_${invoice}`,
  invoiceNumber: `WEFT-2026-${String(invoice).padStart(4, '0')}`,
  amount,
  currency: 'usd',
  description: `Weft invoice WEFT-2026-${String(invoice).padStart(4, '0')}`,
  idempotencyKey: paymentIdempotencyKey(`inv_${invoice}`, attempt),
});

export function paymentProviderContract(name: string, start: () => Promise<PaymentProviderHarness>): void {
  describe(`the PaymentProvider contract: ${name}`, () => {
    let harness: PaymentProviderHarness;

    beforeEach(async () => {
      harness = await start();
    });

    afterEach(async () => {
      await harness.close();
    });

    it('gives an organization one customer, however often it is ensured', async () => {
      harness.arrangeCustomer(CONTRACT_ORGANIZATION, 'first');
      const first = await harness.provider.ensureCustomer({ organizationId: CONTRACT_ORGANIZATION, name: 'Acme', email: 'billing@acme.example' });
      harness.arrangeCustomer(CONTRACT_ORGANIZATION, 'again');
      const again = await harness.provider.ensureCustomer({ organizationId: CONTRACT_ORGANIZATION, name: 'Acme', email: 'billing@acme.example' });
      expect(first.customerId).toEqual(expect.any(String));
      expect(again).toEqual(first);
      harness.verify();
    });

    it('pays an invoice, and answers a repeated attempt with the same outcome instead of charging again', async () => {
      const request = contractRequest(42, 2_900);
      harness.arrangeAttempt(request, 'paid');
      const paid = await harness.provider.collect(request);
      harness.arrangeAttempt(request, 'replayed');
      const repeated = await harness.provider.collect(request);
      expect(paid).toEqual({ status: 'paid', providerPaymentId: expect.any(String) });
      expect(repeated).toEqual(paid);
      harness.verify();
    });

    it('reports a declined card as a failed outcome with the reason, not as an error', async () => {
      const request = contractRequest(43, 9_900);
      harness.arrangeAttempt(request, 'declined');
      const outcome = await harness.provider.collect(request);
      expect(outcome).toEqual({ status: 'failed', providerPaymentId: expect.any(String), failureCode: expect.any(String), failureReason: expect.any(String) });
      expect(outcome.status === 'failed' && outcome.failureReason.length).toBeGreaterThan(0);
      harness.verify();
    });

    it('refuses an amount that is not whole minor units before anything reaches the provider', async () => {
      await expect(harness.provider.collect({ ...contractRequest(44, 2_900), amount: 29.5 })).rejects.toThrow(UserError);
      harness.verify();
    });
  });
}
