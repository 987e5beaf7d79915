import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PostgresEventStore } from '@weft/eventstore';
import { type StartedPlatform, type TestDatabase, createTestDatabase, startPlatform } from '@weft/testing';
import Stripe from 'stripe';
import { recording } from './payments/stripe/recorded-stripe-api.fixtures.js';

// Stripe's webhook over the real HTTP API of a started platform (PostgreSQL), with
// deliveries signed by the SDK's own test helper: a valid one is recorded once in the
// event store, a redelivery changes nothing, and a tampered body, another secret, an
// old timestamp or no signature are 400 problem+json. The platform runs with
// BILLING_PAYMENT_PROVIDER=stripe (test keys; nothing calls Stripe at start).

const WEBHOOK_SECRET = 'whsec_WeftE2eSigningSecret0123456789WxYz';
const SECRET_KEY = 'sk_test_51WeftE2eSecretKey0123456789abcdefgh';
const ROUTE = '/api/v1/billing/webhooks/stripe';
const ORG = '0191d3c2-7b1a-7c3e-9f00-5a1e2b3c4d5e';

interface Answer {
  status: number;
  contentType: string;
  text: string;
  body: Record<string, unknown>;
}

let database: TestDatabase;
let platform: StartedPlatform;
let store: PostgresEventStore;
const answers: string[] = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-stripe-webhook-'));

const nowSeconds = () => Math.floor(Date.now() / 1_000);
const sign = (payload: string, options: { secret?: string; timestamp?: number } = {}) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? WEBHOOK_SECRET, timestamp: options.timestamp ?? nowSeconds() });

/** A recorded event under a fresh id, as Stripe would send it (pretty-printed JSON). */
function event(name: string, id: string): string {
  return JSON.stringify({ ...recording(name), id }, null, 2);
}

async function deliver(payload: string, signature: string | undefined, baseUrl = platform.baseUrl): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' };
  if (signature !== undefined) headers['stripe-signature'] = signature;
  const response = await fetch(`${baseUrl}${ROUTE}`, { method: 'POST', headers, body: payload });
  const text = await response.text();
  answers.push(text);
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, body: JSON.parse(text) as Record<string, unknown> };
}

const streamOf = (eventId: string) => store.readStream(`billing.ProviderEvent-stripe-${eventId}`);

beforeAll(async () => {
  database = await createTestDatabase();
  platform = await startPlatform({
    env: {
      DATABASE_URL: database.url,
      WEFT_DATA_DIR: dataDir,
      BILLING_PAYMENT_PROVIDER: 'stripe',
      STRIPE_SECRET_KEY: SECRET_KEY,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_BASE: 'http://127.0.0.1:9',
    },
  });
  store = new PostgresEventStore(database.db);
}, 90_000);

afterAll(async () => {
  await store?.close();
  await platform?.stop();
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('POST /api/v1/billing/webhooks/stripe', () => {
  it('records a signed delivery once, without any credential but Stripe’s signature', async () => {
    const payload = event('event-payment-intent-succeeded.json', 'evt_e2eSucceeded0001');
    const answer = await deliver(payload, sign(payload));
    expect(answer).toMatchObject({ status: 200, body: { received: true, eventId: 'evt_e2eSucceeded0001', outcome: 'recorded' } });
    const stream = await streamOf('evt_e2eSucceeded0001');
    expect(stream).toHaveLength(1);
    expect(stream[0]).toMatchObject({
      type: 'ProviderEventReceived',
      data: {
        provider: 'stripe',
        providerEventId: 'evt_e2eSucceeded0001',
        providerEventType: 'payment_intent.succeeded',
        organizationId: ORG,
        notification: { kind: 'payment_succeeded', invoiceId: 'inv_42', providerPaymentId: 'pi_3QwWeftInv0042', amount: 2_900, currency: 'usd' },
        receivedAt: expect.any(String),
      },
      metadata: { organizationId: ORG, actorId: 'weft', actorType: 'system', userAgent: expect.stringContaining('Stripe/1.0') },
    });
  });

  it('answers a redelivery 200 and changes nothing: the same signature, a fresh one, or two at once', async () => {
    const payload = event('event-payment-intent-payment-failed.json', 'evt_e2eFailed0001');
    const signature = sign(payload);
    expect((await deliver(payload, signature)).body).toMatchObject({ outcome: 'recorded' });
    const before = await streamOf('evt_e2eFailed0001');
    expect((await deliver(payload, signature)).body).toMatchObject({ outcome: 'duplicate' });
    expect(await deliver(payload, sign(payload, { timestamp: nowSeconds() - 60 }))).toMatchObject({ status: 200, body: { outcome: 'duplicate' } });
    expect(await streamOf('evt_e2eFailed0001')).toEqual(before);

    const racing = event('event-charge-refunded.json', 'evt_e2eRefundRace01');
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => deliver(racing, sign(racing))));
    expect(outcomes.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect(outcomes.map((answer) => answer.body['outcome']).sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'recorded']);
    expect(await streamOf('evt_e2eRefundRace01')).toHaveLength(1);
  });

  it('refuses a tampered body, another secret, an old timestamp and no signature as 400 problem+json, recording nothing', async () => {
    const payload = event('event-payment-intent-succeeded.json', 'evt_e2eRefused0001');
    const tampered = payload.replace('"amount": 2900', '"amount": 1');
    const refusals = [
      await deliver(tampered, sign(payload)),
      await deliver(payload, sign(payload, { secret: 'whsec_SomebodyElsesSecret0000000000' })),
      await deliver(payload, sign(payload, { timestamp: nowSeconds() - 600 })),
      await deliver(payload, undefined),
      await deliver(payload, 't=1,v1=deadbeef'),
    ];
    expect(
      refusals.map(({ status, contentType, body }) => ({ status, problem: contentType.includes('application/problem+json'), code: body['code'] })),
    ).toEqual([
      { status: 400, problem: true, code: 'billing.webhook_signature_invalid' },
      { status: 400, problem: true, code: 'billing.webhook_signature_invalid' },
      { status: 400, problem: true, code: 'billing.webhook_signature_expired' },
      { status: 400, problem: true, code: 'billing.webhook_signature_missing' },
      { status: 400, problem: true, code: 'billing.webhook_signature_invalid' },
    ]);
    expect(await streamOf('evt_e2eRefused0001')).toEqual([]);
  });

  it('acknowledges events billing has no use for and records nothing', async () => {
    const payload = event('event-customer-updated.json', 'evt_e2eCustomer0001');
    expect((await deliver(payload, sign(payload))).body).toEqual({ received: true, eventId: 'evt_e2eCustomer0001', outcome: 'ignored' });
    expect(await streamOf('evt_e2eCustomer0001')).toEqual([]);
  });

  it('never shows the Stripe key or the signing secret, in an answer or in the log', () => {
    for (const text of [...answers, platform.output()]) {
      expect(text).not.toContain(SECRET_KEY);
      expect(text).not.toContain(WEBHOOK_SECRET);
      expect(text).not.toContain(WEBHOOK_SECRET.slice(-4));
    }
    expect(platform.output()).toContain('payments: Stripe (test mode, API at http://127.0.0.1:9); Stripe webhook on');
  });
});

describe('the Stripe webhook without STRIPE_WEBHOOK_SECRET', () => {
  it('is 404 problem+json, and the platform will not start on Stripe without a key', async () => {
    const bare = await createTestDatabase();
    const other = await startPlatform({ env: { DATABASE_URL: bare.url, WEFT_DATA_DIR: dataDir } });
    try {
      const payload = event('event-payment-intent-succeeded.json', 'evt_e2eNoSecret0001');
      expect(await deliver(payload, sign(payload), other.baseUrl)).toMatchObject({
        status: 404,
        contentType: expect.stringContaining('application/problem+json'),
        body: { code: 'billing.webhook_not_configured' },
      });
    } finally {
      await other.stop();
    }
    await expect(startPlatform({ env: { DATABASE_URL: bare.url, WEFT_DATA_DIR: dataDir, BILLING_PAYMENT_PROVIDER: 'stripe' } })).rejects.toThrow(
      /STRIPE_SECRET_KEY must be set with BILLING_PAYMENT_PROVIDER=stripe/,
    );
    await bare.drop();
  }, 120_000);
});
