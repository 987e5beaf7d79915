import { UserError } from '@weft/kernel';
import Stripe from 'stripe';
import { Secret } from '../payments-config.js';
import { recording } from './recorded-stripe-api.fixtures.js';
import { outcomeOfIntent } from './stripe-outcomes.js';
import { StripeNotifications } from './stripe-notifications.js';

// Signature checks by the SDK itself (HMAC-SHA256 over the timestamp and the body's
// bytes), on recorded events signed with the SDK's test helper.

const SECRET = 'whsec_WeftRecordedSigningSecret0123456789';
const notifications = new StripeNotifications(new Secret(SECRET));
const now = new Date('2026-12-07T10:00:00.000Z');
const seconds = (date: Date) => Math.floor(date.getTime() / 1_000);

const body = (name: string) => Buffer.from(JSON.stringify(recording(name), null, 2));
const sign = (payload: Buffer, options: { secret?: string; timestamp?: number } = {}) =>
  Stripe.webhooks.generateTestHeaderString({
    payload: payload.toString('utf8'),
    secret: options.secret ?? SECRET,
    timestamp: options.timestamp ?? seconds(now),
  });
const read = (payload: Buffer, signature: string | undefined, receivedAt = now) => notifications.read({ payload, signature, receivedAt });
const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.catch((thrown: unknown) => thrown);
  if (!(error instanceof UserError)) throw new Error(`expected a UserError, got ${String(error)}`);
  return { kind: error.kind, code: error.code, message: error.message };
};

describe('Stripe webhook deliveries', () => {
  it('reads a signed payment_intent.succeeded as a payment of the invoice its metadata names', async () => {
    const payload = body('event-payment-intent-succeeded.json');
    expect(await read(payload, sign(payload))).toEqual({
      provider: 'stripe',
      providerEventId: 'evt_3QwWeftInv0042Succeeded',
      providerEventType: 'payment_intent.succeeded',
      occurredAt: '2026-12-07T12:00:01.000Z',
      organizationId: '0191d3c2-7b1a-7c3e-9f00-5a1e2b3c4d5e',
      notification: { kind: 'payment_succeeded', invoiceId: 'inv_42', providerPaymentId: 'pi_3QwWeftInv0042', amount: 2_900, currency: 'usd' },
    });
  });

  it('reads failures with the decline code and refunds with the refunded amount', async () => {
    const failed = body('event-payment-intent-payment-failed.json');
    expect((await read(failed, sign(failed))).notification).toEqual({
      kind: 'payment_failed',
      invoiceId: 'inv_43',
      providerPaymentId: 'pi_3QwWeftInv0043',
      failureCode: 'insufficient_funds',
      failureReason: 'Your card has insufficient funds.',
    });
    const refunded = body('event-charge-refunded.json');
    expect((await read(refunded, sign(refunded))).notification).toEqual({
      kind: 'payment_refunded',
      invoiceId: 'inv_42',
      providerPaymentId: 'pi_3QwWeftInv0042',
      amountRefunded: 2_900,
      currency: 'usd',
    });
  });

  it('reads events billing has no use for as no notification (another type, a payment Weft did not make)', async () => {
    const updated = body('event-customer-updated.json');
    expect(await read(updated, sign(updated))).toMatchObject({ providerEventType: 'customer.updated', notification: null });
    const event = recording('event-payment-intent-succeeded.json') as { data: { object: { metadata: object } } };
    event.data.object.metadata = {};
    const foreign = Buffer.from(JSON.stringify(event));
    expect((await read(foreign, sign(foreign))).notification).toBeNull();
  });

  it('refuses a missing signature, a tampered body and another secret, as 400s of its own words', async () => {
    const payload = body('event-payment-intent-succeeded.json');
    const tampered = Buffer.from(payload.toString('utf8').replace('"amount": 2900', '"amount": 1'));
    expect(await refusal(read(payload, undefined))).toMatchObject({ kind: 'validation', code: 'billing.webhook_signature_missing' });
    expect(await refusal(read(tampered, sign(payload)))).toMatchObject({ kind: 'validation', code: 'billing.webhook_signature_invalid' });
    expect(await refusal(read(payload, sign(payload, { secret: 'whsec_SomebodyElsesSecret9876543210' })))).toMatchObject({
      code: 'billing.webhook_signature_invalid',
    });
    expect(await refusal(read(payload, 'garbage'))).toMatchObject({ code: 'billing.webhook_signature_invalid' });
  });

  it('refuses a delivery signed more than 5 minutes before it arrived, and takes one signed just within', async () => {
    const payload = body('event-payment-intent-succeeded.json');
    const old = sign(payload, { timestamp: seconds(now) - 301 });
    expect(await refusal(read(payload, old))).toMatchObject({ code: 'billing.webhook_signature_expired' });
    expect((await read(payload, sign(payload, { timestamp: seconds(now) - 299 }))).providerEventId).toBe('evt_3QwWeftInv0042Succeeded');
  });

  it('never tells a caller anything about the signing secret', async () => {
    const payload = body('event-payment-intent-succeeded.json');
    // Stripe's own header format carries a masked secret; the SDK's message would compare it with ours.
    const masked = `${sign(payload, { secret: 'whsec_SomebodyElsesSecret9876543210' })},secret=whsec_************************3210`;
    const { message } = await refusal(read(payload, masked));
    expect(message).not.toContain(SECRET.slice(-4));
    expect(message).not.toMatch(/characters long/);
  });

  it('refuses a signed body that is not a Stripe event', async () => {
    const payload = Buffer.from('{"hello": "world"}');
    expect(await refusal(read(payload, sign(payload)))).toMatchObject({ code: 'billing.webhook_event_invalid' });
    const notJson = Buffer.from('hello');
    expect(await refusal(read(notJson, sign(notJson)))).toMatchObject({ code: 'billing.webhook_event_invalid' });
  });
});

describe('PaymentIntent outcomes', () => {
  const intent = recording('payment-intent-succeeded.json') as unknown as Stripe.PaymentIntent;

  it('pays on succeeded, waits on processing, asks the customer on requires_action, fails otherwise', () => {
    expect(outcomeOfIntent(intent)).toEqual({ status: 'paid', providerPaymentId: 'pi_3QwWeftInv0042' });
    expect(outcomeOfIntent({ ...intent, status: 'processing' })).toEqual({ status: 'pending', providerPaymentId: 'pi_3QwWeftInv0042' });
    expect(outcomeOfIntent({ ...intent, status: 'requires_action' })).toMatchObject({ status: 'requires_action', failureCode: 'authentication_required' });
    expect(outcomeOfIntent({ ...intent, status: 'canceled' })).toMatchObject({ status: 'failed', failureCode: 'intent_canceled' });
  });
});
