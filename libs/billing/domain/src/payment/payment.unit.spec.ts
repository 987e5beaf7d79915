import { DeciderSpecification, UserError } from '@weft/kernel';
import { type PaymentRequest, customerIdempotencyKey, paymentIdempotencyKey, requirePaymentCustomer, requirePaymentRequest } from './payment-provider.js';
import { type ProviderEventReceived, type RecordProviderEvent, providerEventDecider, providerEventStreamId } from './provider-event.js';

const organizationId = '0191d3c2-0000-7000-8000-000000000001';
const fieldsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return (error.details.errors ?? []).map((e) => e.field);
    throw error;
  }
  return [];
};

describe('payment idempotency keys', () => {
  it('derive from what is paid, never from chance: the same attempt, the same key', () => {
    expect(paymentIdempotencyKey('inv_42', 1)).toBe('weft:invoice:inv_42:attempt:1');
    expect(paymentIdempotencyKey('inv_42', 1)).toBe(paymentIdempotencyKey('inv_42', 1));
    expect(paymentIdempotencyKey('inv_42', 2)).not.toBe(paymentIdempotencyKey('inv_42', 1));
    expect(customerIdempotencyKey(organizationId)).toBe(`weft:customer:${organizationId}`);
  });

  it('refuse an attempt that is not a whole number from 1, and an invoice id that could forge another key', () => {
    expect(() => paymentIdempotencyKey('inv_42', 0)).toThrow(RangeError);
    expect(() => paymentIdempotencyKey('inv_42', 1.5)).toThrow(RangeError);
    expect(() => paymentIdempotencyKey('inv 42', 1)).toThrow(RangeError);
    expect(() => paymentIdempotencyKey('', 1)).toThrow(RangeError);
  });
});

describe('payment requests', () => {
  const request: PaymentRequest = {
    organizationId,
    invoiceId: 'inv_42',
    invoiceNumber: 'WEFT-2026-0042',
    amount: 2_900,
    currency: 'usd',
    description: 'Starter, December 2026',
    idempotencyKey: paymentIdempotencyKey('inv_42', 1),
  };

  it('pass when the money is whole minor units of a lower-case currency', () => {
    expect(requirePaymentRequest(request)).toBe(request);
  });

  it('refuse fractions, zero, other currencies and missing ids, naming each field', () => {
    expect(fieldsOf(() => requirePaymentRequest({ ...request, amount: 29.0001 }))).toEqual(['amount']);
    expect(fieldsOf(() => requirePaymentRequest({ ...request, amount: 0 }))).toEqual(['amount']);
    expect(fieldsOf(() => requirePaymentRequest({ ...request, currency: 'USD' }))).toEqual(['currency']);
    expect(fieldsOf(() => requirePaymentRequest({ ...request, organizationId: 'org-1', invoiceId: '', idempotencyKey: '' }))).toEqual([
      'organizationId',
      'invoiceId',
      'idempotencyKey',
    ]);
  });

  it('check customers: an organization id, a name, an email when there is one', () => {
    expect(fieldsOf(() => requirePaymentCustomer({ organizationId, name: 'Acme', email: null }))).toEqual([]);
    expect(fieldsOf(() => requirePaymentCustomer({ organizationId: "x' OR 1", name: ' ', email: 'nope' }))).toEqual(['organizationId', 'name', 'email']);
  });
});

describe('ProviderEvent', () => {
  const spec = DeciderSpecification.for(providerEventDecider);
  const now = new Date('2026-12-07T10:00:05.000Z');
  const data: RecordProviderEvent['data'] = {
    provider: 'stripe',
    providerEventId: 'evt_1QxTest',
    providerEventType: 'payment_intent.succeeded',
    occurredAt: '2026-12-07T10:00:00.000Z',
    organizationId,
    notification: { kind: 'payment_succeeded', invoiceId: 'inv_42', providerPaymentId: 'pi_1', amount: 2_900, currency: 'usd' },
  };
  const record: RecordProviderEvent = { type: 'RecordProviderEvent', data, metadata: { commandId: 'provider-event:stripe:evt_1QxTest', now, actorId: 'weft' } };
  const received: ProviderEventReceived = { type: 'ProviderEventReceived', data: { ...data, receivedAt: now.toISOString() } };

  it('records the first delivery of an event, with when it was received', () => {
    spec.given([]).when(record).then([received]);
  });

  it('decides nothing for a redelivery: a replay changes nothing', () => {
    spec.given([received]).when(record).then([]);
  });

  it('refuses what cannot name a stream or is not whole money', () => {
    spec
      .given([])
      .when({ ...record, data: { ...data, providerEventId: 'evt/../x' } })
      .thenThrows((error) => error instanceof UserError && error.code === 'payment.provider_event_invalid');
    spec
      .given([])
      .when({ ...record, data: { ...data, notification: { ...data.notification, amount: 1.5 } as never } })
      .thenThrows(UserError);
  });

  it('keeps one stream per provider and event id', () => {
    expect(providerEventStreamId('stripe', 'evt_1QxTest')).toBe('billing.ProviderEvent-stripe-evt_1QxTest');
  });
});
