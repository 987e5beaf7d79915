import { type PaymentRequest, paymentIdempotencyKey } from '@weft/billing-domain';
import { OperationalError } from '@weft/kernel';
import Stripe from 'stripe';
import { type ArrangedAttempt, CONTRACT_ORGANIZATION, contractRequest, paymentProviderContract } from '../payment-provider.contract.js';
import { Secret } from '../payments-config.js';
import { type RecordedExchange, RecordedStripeApi } from './recorded-stripe-api.fixtures.js';
import { createStripeClient } from './stripe-client.js';
import { StripePaymentProvider } from './stripe-payment-provider.js';

// The Stripe adapter through the real SDK, pointed (STRIPE_API_BASE) at a server on this
// machine that answers with recorded Stripe responses: Stripe itself cannot be reached
// from here. The server checks every call: its path, its form-encoded body, its
// Idempotency-Key; the SDK's own retries are real.

const SECRET_KEY = 'sk_test_51WeftRecordedKeyNeverUsedAnywhere00';
const CUSTOMER = 'cus_RwWeftAcme0001';
const PAYMENT_METHOD = 'pm_1QwWeftVisa4242';

const provider = (api: RecordedStripeApi, maxNetworkRetries = 2) =>
  new StripePaymentProvider(createStripeClient({ secretKey: new Secret(SECRET_KEY), apiBase: api.url, maxNetworkRetries, timeoutMs: 5_000 }));

const search: RecordedExchange = {
  method: 'GET',
  path: '/v1/customers/search',
  query: { query: `metadata['organizationId']:'${CONTRACT_ORGANIZATION}'`, limit: '1' },
  status: 200,
  recording: 'customer-search-found.json',
};
const retrieve: RecordedExchange = { method: 'GET', path: `/v1/customers/${CUSTOMER}`, status: 200, recording: 'customer-with-payment-method.json' };

/** The PaymentIntent the adapter must create for `request`: one call, confirmed off-session, the invoice in its metadata. */
const createIntent = (request: PaymentRequest, status: number, recording: string): RecordedExchange => ({
  method: 'POST',
  path: '/v1/payment_intents',
  form: {
    amount: String(request.amount),
    currency: request.currency,
    customer: CUSTOMER,
    payment_method: PAYMENT_METHOD,
    confirm: 'true',
    off_session: 'true',
    'automatic_payment_methods[enabled]': 'true',
    'automatic_payment_methods[allow_redirects]': 'never',
    description: request.description,
    'metadata[organizationId]': request.organizationId,
    'metadata[invoiceId]': request.invoiceId,
    'metadata[invoiceNumber]': request.invoiceNumber,
  },
  idempotencyKey: request.idempotencyKey,
  status,
  recording,
});

paymentProviderContract('stripe (recorded responses)', async () => {
  const api = await RecordedStripeApi.start();
  let customerKnown = false;
  const answers = new Map<string, RecordedExchange>();
  return {
    provider: provider(api),
    arrangeCustomer(_organizationId, time) {
      if (time === 'again') return; // remembered: no call
      api.expect(
        { ...search, recording: 'customer-search-empty.json' },
        { method: 'POST', path: '/v1/customers', status: 200, recording: 'customer-created.json' },
      );
    },
    arrangeAttempt(request, attempt: ArrangedAttempt) {
      if (!customerKnown) api.expect(search);
      customerKnown = true;
      // A replay is Stripe answering the same key with its first answer: the same call, the same recording.
      const create =
        attempt === 'replayed'
          ? answers.get(request.idempotencyKey)!
          : createIntent(request, attempt === 'paid' ? 200 : 402, `payment-intent-${attempt === 'paid' ? 'succeeded' : 'card-declined'}.json`);
      answers.set(request.idempotencyKey, create);
      api.expect(retrieve, create);
    },
    verify() {
      expect({ problems: api.problems, pending: api.pending() }).toEqual({ problems: [], pending: 0 });
    },
    close: () => api.close(),
  };
});

describe('the Stripe payment provider', () => {
  let api: RecordedStripeApi;

  beforeEach(async () => {
    api = await RecordedStripeApi.start();
  });

  afterEach(async () => {
    await api.close();
  });

  const noProblems = () => expect({ problems: api.problems, pending: api.pending() }).toEqual({ problems: [], pending: 0 });

  it('creates the customer once, then charges a PaymentIntent on its default method: the calls, in order, with their keys', async () => {
    const stripe = provider(api);
    const request = contractRequest(42, 2_900);
    api.expect(
      { ...search, recording: 'customer-search-empty.json' },
      {
        method: 'POST',
        path: '/v1/customers',
        form: { name: 'Acme', email: 'billing@acme.example', 'metadata[organizationId]': CONTRACT_ORGANIZATION },
        idempotencyKey: `weft:customer:${CONTRACT_ORGANIZATION}`,
        status: 200,
        recording: 'customer-created.json',
      },
      retrieve,
      createIntent(request, 200, 'payment-intent-succeeded.json'),
    );
    expect(await stripe.ensureCustomer({ organizationId: CONTRACT_ORGANIZATION, name: 'Acme', email: 'billing@acme.example' })).toEqual({
      customerId: CUSTOMER,
    });
    expect(await stripe.collect(request)).toEqual({ status: 'paid', providerPaymentId: 'pi_3QwWeftInv0042' });
    noProblems();
    // The key goes in the Authorization header only; every call names the API version the SDK pins.
    expect(api.received.every((call) => call.authorization === `Bearer ${SECRET_KEY}` && !call.rawBody.includes(SECRET_KEY))).toBe(true);
    expect(new Set(api.received.map((call) => call.stripeVersion))).toEqual(new Set([Stripe.API_VERSION]));
  });

  it('sends the same key for the same attempt, from two adapters too, and a new key for the next attempt', async () => {
    const first = contractRequest(42, 2_900, 1);
    const second = contractRequest(42, 2_900, 2);
    api.expect(search, retrieve, createIntent(first, 200, 'payment-intent-succeeded.json'));
    api.expect(search, retrieve, createIntent(first, 200, 'payment-intent-succeeded.json'));
    api.expect(retrieve, createIntent(second, 200, 'payment-intent-succeeded.json'));
    const [a, b] = [provider(api), provider(api)];
    expect(await a.collect(first)).toEqual(await b.collect(first));
    await b.collect(second);
    noProblems();
    const keys = api.received.filter((call) => call.method === 'POST').map((call) => call.idempotencyKey);
    expect(keys).toEqual([paymentIdempotencyKey('inv_42', 1), paymentIdempotencyKey('inv_42', 1), paymentIdempotencyKey('inv_42', 2)]);
  });

  it('maps a declined card (402, card_error) to a failed outcome with the issuer’s reason', async () => {
    const request = contractRequest(43, 9_900);
    api.expect(search, retrieve, createIntent(request, 402, 'payment-intent-card-declined.json'));
    expect(await provider(api).collect(request)).toEqual({
      status: 'failed',
      providerPaymentId: 'pi_3QwWeftInv0043',
      failureCode: 'insufficient_funds',
      failureReason: 'Your card has insufficient funds.',
    });
    noProblems();
  });

  it('lets the SDK retry a 500 with the same key, and pays when Stripe recovers', async () => {
    const request = contractRequest(42, 2_900);
    const failing = createIntent(request, 500, 'api-error.json');
    api.expect(search, retrieve, failing, failing, createIntent(request, 200, 'payment-intent-succeeded.json'));
    expect(await provider(api, 2).collect(request)).toEqual({ status: 'paid', providerPaymentId: 'pi_3QwWeftInv0042' });
    noProblems();
    expect(api.received.filter((call) => call.method === 'POST').map((call) => call.idempotencyKey)).toEqual(Array(3).fill(request.idempotencyKey));
  });

  it('surfaces a Stripe that keeps failing as an operational error (retry later), without the key', async () => {
    const request = contractRequest(42, 2_900);
    const failing = createIntent(request, 500, 'api-error.json');
    api.expect(search, retrieve, failing, failing);
    const error = await provider(api, 1)
      .collect(request)
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OperationalError);
    expect(error).toMatchObject({ code: 'payment_provider.unavailable', message: expect.stringContaining('paymentIntents.create: Stripe api_error (500)') });
    expect(String((error as Error).message)).not.toContain(SECRET_KEY);
    noProblems();
  });

  it('charges nothing when the customer has no default payment method, or no customer exists', async () => {
    const request = contractRequest(42, 2_900);
    api.expect(search, { ...retrieve, recording: 'customer-without-payment-method.json' });
    expect(await provider(api).collect(request)).toMatchObject({ status: 'failed', providerPaymentId: null, failureCode: 'no_payment_method' });
    api.expect({ ...search, recording: 'customer-search-empty.json' });
    expect(await provider(api).collect(request)).toMatchObject({ status: 'failed', providerPaymentId: null, failureCode: 'no_customer' });
    noProblems();
  });
});
