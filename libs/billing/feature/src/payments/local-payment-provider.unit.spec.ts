import { paymentIdempotencyKey } from '@weft/billing-domain';
import { LocalPaymentProvider } from './local-payment-provider.js';
import { CONTRACT_ORGANIZATION, contractRequest, paymentProviderContract } from './payment-provider.contract.js';

paymentProviderContract('local', () => {
  const provider = new LocalPaymentProvider();
  return Promise.resolve({
    provider,
    arrangeCustomer: () => undefined,
    arrangeAttempt: (_request, attempt) => (attempt === 'declined' ? provider.failNext(1) : undefined),
    verify: () => undefined,
    close: () => Promise.resolve(),
  });
});

describe('the local payment provider', () => {
  const other = '0191d3c2-7b1a-7c3e-9f00-00000000beef';

  it('charges an attempt once, however often it is sent', async () => {
    const provider = new LocalPaymentProvider();
    const request = contractRequest(42, 2_900);
    const outcomes = await Promise.all([provider.collect(request), provider.collect(request), provider.collect(request)]);
    expect(new Set(outcomes.map((outcome) => JSON.stringify(outcome))).size).toBe(1);
    expect(provider.charges()).toEqual([
      {
        organizationId: CONTRACT_ORGANIZATION,
        invoiceId: 'inv_42',
        amount: 2_900,
        currency: 'usd',
        providerPaymentId: outcomes[0]!.providerPaymentId,
        idempotencyKey: request.idempotencyKey,
      },
    ]);
  });

  it('derives payment ids from the idempotency key: the same attempt, the same id, in any process', async () => {
    const request = contractRequest(42, 2_900);
    const [a, b] = [await new LocalPaymentProvider().collect(request), await new LocalPaymentProvider().collect(request)];
    expect(a).toEqual(b);
    expect(a.providerPaymentId).toMatch(/^local_pay_[0-9a-f-]{36}$/);
  });

  it('fails the next n new attempts, then pays again (a dunning run: declined, declined, paid)', async () => {
    const provider = new LocalPaymentProvider();
    provider.failNext(2);
    const outcomes = [];
    for (const attempt of [1, 2, 3]) outcomes.push(await provider.collect(contractRequest(50, 4_900, attempt)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['failed', 'failed', 'paid']);
    expect(outcomes[0]).toMatchObject({ failureCode: 'card_declined', failureReason: expect.stringContaining('declined') });
    expect(provider.charges().map((charge) => charge.idempotencyKey)).toEqual([paymentIdempotencyKey('inv_50', 3)]);
  });

  it('keeps a failed attempt failed when it is sent again, even after the card works', async () => {
    const provider = new LocalPaymentProvider();
    provider.failNext(1, 'insufficient_funds');
    const request = contractRequest(51, 4_900);
    const failed = await provider.collect(request);
    expect(await provider.collect(request)).toEqual(failed);
    expect(failed).toMatchObject({ status: 'failed', failureCode: 'insufficient_funds' });
  });

  it('asks for the customer when the card wants authentication', async () => {
    const provider = new LocalPaymentProvider();
    provider.failNext(1, 'authentication_required');
    expect(await provider.collect(contractRequest(52, 4_900))).toMatchObject({ status: 'requires_action', failureCode: 'authentication_required' });
  });

  it('declines every attempt of a declined organization (BILLING_LOCAL_DECLINED_ORGANIZATIONS), and no one else’s', async () => {
    const provider = new LocalPaymentProvider({ declinedOrganizations: [CONTRACT_ORGANIZATION.toUpperCase()] });
    expect((await provider.collect(contractRequest(60, 900))).status).toBe('failed');
    expect((await provider.collect({ ...contractRequest(61, 900), organizationId: other })).status).toBe('paid');
    provider.acceptOrganization(CONTRACT_ORGANIZATION);
    expect((await provider.collect(contractRequest(60, 900, 2))).status).toBe('paid');
    provider.declineOrganization(other);
    expect((await provider.collect({ ...contractRequest(62, 900), organizationId: other })).status).toBe('failed');
  });

  it('throws when an idempotency key comes back with another request (a bug of the caller, as Stripe says)', async () => {
    const provider = new LocalPaymentProvider();
    await provider.collect(contractRequest(70, 900));
    await expect(provider.collect({ ...contractRequest(70, 900), amount: 1_900 })).rejects.toThrow(/used before with another request/);
    expect(provider.charges()).toHaveLength(1);
  });

  it('names customers after their organization', async () => {
    expect(await new LocalPaymentProvider().ensureCustomer({ organizationId: CONTRACT_ORGANIZATION, name: 'Acme' })).toEqual({
      customerId: `local_cus_${CONTRACT_ORGANIZATION}`,
    });
  });
});
