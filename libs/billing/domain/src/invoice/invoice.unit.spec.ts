import { DeciderSpecification, UserError } from '@weft/kernel';
import { type SubscribedPlan, type SubscriptionEvent } from '../subscription/subscription-events.js';
import { subscriptionDecider } from '../subscription/subscription-decider.js';
import { type InvoiceCommand } from './invoice-commands.js';
import { invoiceDecider } from './invoice-decider.js';
import { type InvoiceEvent, type InvoiceLine } from './invoice-events.js';
import { invoiceNumber, invoiceNumberingDecider } from './invoice-numbering.js';
import { invoiceIdOf, invoicePlans } from './invoice-schedule.js';

const org = '0191d3c2-aaaa-4bbb-8ccc-000000000001';
const NOW = '2026-02-01T00:00:00.000Z';
const metadata = (commandId: string, now = NOW) => ({ commandId, now: new Date(now), organizationId: org, actorId: 'weft', actorType: 'system' as const });
const invoiceId = invoiceIdOf(org, '2026-01-31T10:00:00.000Z');
const base: InvoiceLine = { kind: 'base', description: 'starter', quantity: 1, unitAmount: 2_900, amount: 2_900 };
const draft = (lines: InvoiceLine[]): InvoiceCommand => ({
  type: 'DraftInvoice',
  data: { invoiceId, periodStart: '2026-01-31T10:00:00.000Z', periodEnd: '2026-02-28T10:00:00.000Z', currency: 'usd', lines },
  metadata: metadata('draft'),
});
const drafted: InvoiceEvent = {
  type: 'InvoiceDrafted',
  data: {
    invoiceId,
    organizationId: org,
    periodStart: '2026-01-31T10:00:00.000Z',
    periodEnd: '2026-02-28T10:00:00.000Z',
    currency: 'usd',
    lines: [base],
    subtotal: 2_900,
    total: 2_900,
    draftedAt: NOW,
  },
};
const finalized: InvoiceEvent = { type: 'InvoiceFinalized', data: { invoiceId, organizationId: org, number: 'ABC-0001', dueDate: NOW, finalizedAt: NOW } };
const attempt = (n: number, data: object): InvoiceCommand =>
  ({ type: 'RecordPaymentAttempt', data: { attempt: n, ...data }, metadata: metadata(`attempt-${n}`) }) as InvoiceCommand;
const declined = { outcome: 'failed', failureCode: 'card_declined', failureReason: 'declined' };
const spec = DeciderSpecification.for(invoiceDecider);

describe('Invoice', () => {
  it('is drafted once per period, a credit never making it negative', () => {
    spec
      .given([])
      .when(draft([base]))
      .then([drafted]);
    spec
      .given([drafted])
      .when(draft([base]))
      .then([]);
    const credit: InvoiceLine = { kind: 'proration_credit', description: 'credit', quantity: 1, unitAmount: -5_000, amount: -5_000 };
    expect(
      spec
        .given([])
        .when(draft([base, credit]))
        .events()[0],
    ).toMatchObject({ data: { subtotal: -2_100, total: 0 } });
  });

  it('is finalized once, and collected attempt by attempt until paid or uncollectible', () => {
    spec
      .given([drafted])
      .when({ type: 'FinalizeInvoice', data: { number: 'ABC-0001', dueDate: NOW }, metadata: metadata('f') })
      .then([finalized]);
    spec
      .given([drafted, finalized])
      .when({ type: 'FinalizeInvoice', data: { number: 'ABC-0002', dueDate: NOW }, metadata: metadata('f') })
      .then([]);
    const failed1 = spec
      .given([drafted, finalized])
      .when(attempt(1, { ...declined, nextAttemptAt: '2026-02-04T00:00:00.000Z' }))
      .events();
    expect(failed1.map((e) => e.type)).toEqual(['InvoicePaymentFailed']);
    // The same attempt recorded again (a retried job) decides nothing.
    spec
      .given([drafted, finalized, ...failed1])
      .when(attempt(1, { outcome: 'paid', providerPaymentId: 'pi_1' }))
      .then([]);
    const last = spec
      .given([drafted, finalized, ...failed1])
      .when(attempt(2, { ...declined, nextAttemptAt: null }))
      .events();
    expect(last.map((e) => e.type)).toEqual(['InvoicePaymentFailed', 'InvoiceMarkedUncollectible']);
    const paidLate = spec
      .given([drafted, finalized, ...failed1, ...last])
      .when(attempt(3, { outcome: 'paid', providerPaymentId: 'pi_3' }))
      .events();
    expect(paidLate).toEqual([{ type: 'InvoicePaid', data: { invoiceId, organizationId: org, attempt: 3, providerPaymentId: 'pi_3', paidAt: NOW } }]);
  });

  it('is paid out of band once, for its total only (a provider notification)', () => {
    const settle = (amount: number): InvoiceCommand => ({
      type: 'SettleFromProvider',
      data: { providerPaymentId: 'pi_9', amount, currency: 'usd' },
      metadata: metadata('settle'),
    });
    spec
      .given([drafted, finalized])
      .when(settle(2_900))
      .then([{ type: 'InvoicePaid', data: { invoiceId, organizationId: org, attempt: 0, providerPaymentId: 'pi_9', paidAt: NOW } }]);
    const paid = spec.given([drafted, finalized]).when(settle(2_900)).events();
    spec
      .given([drafted, finalized, ...paid])
      .when(settle(2_900))
      .then([]);
    spec
      .given([drafted, finalized])
      .when(settle(100))
      .thenThrows((error) => error instanceof UserError && error.code === 'invoice.amount_mismatch');
  });

  it('refuses to collect a draft', () => {
    spec
      .given([drafted])
      .when(attempt(1, { outcome: 'paid', providerPaymentId: null }))
      .thenThrows((error) => error instanceof UserError && error.code === 'invoice.draft');
  });
});

describe('invoice numbers', () => {
  it('are handed out in order without gaps, once per invoice', () => {
    const numbering = DeciderSpecification.for(invoiceNumberingDecider);
    const assign = (id: string) => ({ type: 'AssignInvoiceNumber' as const, data: { invoiceId: id }, metadata: metadata(id) });
    const first = numbering.given([]).when(assign('a')).events();
    expect(first).toEqual([{ type: 'InvoiceNumberAssigned', data: { organizationId: org, invoiceId: 'a', sequence: 1, number: invoiceNumber(org, 1) } }]);
    numbering.given(first).when(assign('a')).then([]);
    expect(numbering.given(first).when(assign('b')).events()[0]).toMatchObject({ data: { sequence: 2, number: '0191D3C2-0002' } });
  });
});

const limits = { workflows: null, executions_per_month: null, team_members: null, credentials: null, storage_gb: null, api_calls_per_hour: null };
const starter: SubscribedPlan = { planSlug: 'starter', planVersion: 1, price: 2_900, currency: 'usd', interval: 'month', intervalCount: 1, limits };
const history: SubscriptionEvent[] = [
  {
    type: 'SubscriptionTrialStarted',
    data: { organizationId: org, ...starter, trialStartedAt: '2026-01-17T10:00:00.000Z', trialEndsAt: '2026-01-31T10:00:00.000Z' },
  },
  {
    type: 'SubscriptionActivated',
    data: { organizationId: org, currentPeriodStart: '2026-01-31T10:00:00.000Z', currentPeriodEnd: '2026-02-28T10:00:00.000Z', activatedAt: NOW },
  },
  {
    type: 'SubscriptionPlanChanged',
    data: {
      organizationId: org,
      ...starter,
      planSlug: 'pro',
      price: 9_900,
      previousPlanSlug: 'starter',
      previousPlanVersion: 1,
      proration: { credit: 966, charge: 3_300, at: '2026-02-18T10:00:00.000Z', periodStart: '2026-01-31T10:00:00.000Z', periodEnd: '2026-02-28T10:00:00.000Z' },
      currentPeriodStart: '2026-01-31T10:00:00.000Z',
      currentPeriodEnd: '2026-02-28T10:00:00.000Z',
      changedBy: 'owner',
      changedAt: '2026-02-18T10:00:00.000Z',
    },
  },
  {
    type: 'SubscriptionRenewed',
    data: { organizationId: org, currentPeriodStart: '2026-02-28T10:00:00.000Z', currentPeriodEnd: '2026-03-31T10:00:00.000Z', renewedAt: NOW },
  },
];

describe('the invoice schedule', () => {
  it('bills each paid period at its start, with the prorations and the runs of the period before', () => {
    const plans = invoicePlans(history);
    expect(plans.map((plan) => [plan.invoiceId, plan.lines.map((line) => [line.kind, line.amount]), plan.usageWindow])).toEqual([
      [`${org}_20260131T100000Z`, [['base', 2_900]], null],
      [
        `${org}_20260228T100000Z`,
        [
          ['base', 9_900],
          ['proration_credit', -966],
          ['proration_charge', 3_300],
        ],
        { from: '2026-01-31T10:00:00.000Z', to: '2026-02-28T10:00:00.000Z' },
      ],
    ]);
    // The schedule depends on the history alone: the same history, the same invoices.
    expect(invoicePlans(history)).toEqual(plans);
  });
});

describe('Subscription: dunning', () => {
  const subscription = DeciderSpecification.for(subscriptionDecider);
  const collection = (invoice: string, outcome: string, now: string) =>
    ({ type: 'RecordInvoiceCollection', data: { invoiceId: invoice, outcome }, metadata: metadata(`${invoice}-${outcome}`, now) }) as Parameters<
      typeof subscriptionDecider.decide
    >[0];
  const mark = (type: string, invoice: string, status: string, at: string) =>
    ({ type, data: { organizationId: org, invoiceId: invoice, status, at } }) as SubscriptionEvent;

  it('goes past due on a failure, unpaid on the last, and active when the invoice is paid, once each', () => {
    const pastDue = mark('SubscriptionPastDue', 'i1', 'past_due', NOW);
    subscription
      .given(history)
      .when(collection('i1', 'failed', NOW))
      .then([pastDue]);
    subscription
      .given([...history, pastDue])
      .when(collection('i1', 'failed', NOW))
      .then([]);
    const unpaid = mark('SubscriptionUnpaid', 'i1', 'unpaid', NOW);
    subscription
      .given([...history, pastDue])
      .when(collection('i1', 'final_failure', NOW))
      .then([unpaid]);
    subscription
      .given([...history, pastDue, unpaid])
      .when(collection('i1', 'final_failure', NOW))
      .then([]);
    subscription
      .given([...history, pastDue, unpaid])
      .when(collection('i1', 'paid', NOW))
      .then([mark('SubscriptionRecovered', 'i1', 'active', NOW)]);
    subscription
      .given(history)
      .when(collection('i9', 'paid', NOW))
      .then([]);
  });

  it('stays past due while another invoice is owed, and a renewal settles nothing', () => {
    const owed = [mark('SubscriptionPastDue', 'i1', 'past_due', NOW), mark('SubscriptionPastDue', 'i2', 'past_due', NOW)];
    subscription
      .given([...history, ...owed])
      .when(collection('i1', 'paid', NOW))
      .then([mark('SubscriptionRecovered', 'i1', 'past_due', NOW)]);
    const renewed: SubscriptionEvent = {
      type: 'SubscriptionRenewed',
      data: { organizationId: org, currentPeriodStart: '2026-03-31T10:00:00.000Z', currentPeriodEnd: '2026-04-30T10:00:00.000Z', renewedAt: NOW },
    };
    const state = [...history, ...owed, renewed].reduce(subscriptionDecider.evolve, subscriptionDecider.initialState());
    expect(state.status).toBe('past_due');
  });
});
