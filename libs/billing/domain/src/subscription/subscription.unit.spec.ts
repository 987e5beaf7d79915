import fc from 'fast-check';
import { DeciderSpecification, UserError, foldEvents } from '@weft/kernel';
import { periodEnd, prorate } from './billing-period.js';
import { type SubscriptionCommand } from './subscription-commands.js';
import { subscriptionDecider } from './subscription-decider.js';
import { type SubscribedPlan, type SubscriptionEvent } from './subscription-events.js';

const spec = DeciderSpecification.for(subscriptionDecider);
const withCode = (code: string) => (error: unknown) => error instanceof UserError && error.code === code;
const org = 'org-1';
const limits = { workflows: 20, executions_per_month: 10_000, team_members: 5, credentials: 25, storage_gb: 5, api_calls_per_hour: 5_000 };
const starter: SubscribedPlan = { planSlug: 'starter', planVersion: 1, price: 2_900, currency: 'usd', interval: 'month', intervalCount: 1, limits };
const pro: SubscribedPlan = { ...starter, planSlug: 'pro', price: 9_900 };
const at = (iso: string) => new Date(iso);

const command = (type: SubscriptionCommand['type'], data: object, now: string): SubscriptionCommand =>
  ({ type, data, metadata: { commandId: `cmd-${now}`, now: at(now), organizationId: org, actorId: 'owner-1' } }) as SubscriptionCommand;
const tick = (now: string) => command('AdvanceSubscription', {}, now);

const trial: SubscriptionEvent = {
  type: 'SubscriptionTrialStarted',
  data: { organizationId: org, ...starter, trialStartedAt: '2026-01-17T10:00:00.000Z', trialEndsAt: '2026-01-31T10:00:00.000Z' },
};
const activated: SubscriptionEvent = {
  type: 'SubscriptionActivated',
  data: {
    organizationId: org,
    currentPeriodStart: '2026-01-31T10:00:00.000Z',
    currentPeriodEnd: '2026-02-28T10:00:00.000Z',
    activatedAt: '2026-02-01T00:00:00.000Z',
  },
};

describe('Subscription: the clock', () => {
  it('starts a trial once, and nothing is due before its end', () => {
    spec
      .given([])
      .when(command('StartTrial', { ...starter, trialEndsAt: '2026-01-31T10:00:00.000Z' }, '2026-01-17T10:00:00.000Z'))
      .then([trial]);
    spec
      .given([trial])
      .when(command('StartTrial', { ...starter, trialEndsAt: '2026-02-01T00:00:00.000Z' }, '2026-01-18T00:00:00.000Z'))
      .then([]);
    spec.given([trial]).when(tick('2026-01-31T09:59:59.000Z')).then([]);
  });

  it('activates at the trial’s end and renews on the anchor’s day, clamped to short months, catching up missed periods', () => {
    spec.given([trial]).when(tick('2026-02-01T00:00:00.000Z')).then([activated]);
    const renewals = spec.given([trial, activated]).when(tick('2026-05-01T00:00:00.000Z')).events();
    expect(renewals.map((e) => [e.type, (e.data as { currentPeriodStart: string }).currentPeriodStart.slice(0, 10)])).toEqual([
      ['SubscriptionRenewed', '2026-02-28'],
      ['SubscriptionRenewed', '2026-03-31'],
      ['SubscriptionRenewed', '2026-04-30'],
    ]);
    const state = foldEvents(subscriptionDecider, [trial, activated, ...renewals]);
    expect(state).toMatchObject({ status: 'active', periods: 4, currentPeriodEnd: '2026-05-31T10:00:00.000Z' });
  });

  it('ends a canceled trial at its end, and a canceled paid subscription at its period’s end; picking a plan withdraws the cancellation', () => {
    const scheduled = spec
      .given([trial])
      .when(command('CancelSubscription', {}, '2026-01-20T00:00:00.000Z'))
      .events();
    expect(scheduled).toEqual([
      {
        type: 'SubscriptionCancellationScheduled',
        data: { organizationId: org, endsAt: '2026-01-31T10:00:00.000Z', requestedBy: 'owner-1', requestedAt: '2026-01-20T00:00:00.000Z' },
      },
    ]);
    spec
      .given([trial, ...scheduled])
      .when(tick('2026-02-02T00:00:00.000Z'))
      .then([{ type: 'SubscriptionCanceled', data: { organizationId: org, endedAt: '2026-01-31T10:00:00.000Z' } }]);
    const paidCancel = spec
      .given([trial, activated])
      .when(command('CancelSubscription', {}, '2026-02-10T00:00:00.000Z'))
      .events();
    expect(paidCancel[0]?.data).toMatchObject({ endsAt: '2026-02-28T10:00:00.000Z' });
    spec
      .given([trial, activated, ...paidCancel])
      .when(command('CancelSubscription', {}, '2026-02-11T00:00:00.000Z'))
      .then([]);
    spec
      .given([trial, activated, ...paidCancel])
      .when(command('ChangeSubscriptionPlan', starter, '2026-02-12T00:00:00.000Z'))
      .then([{ type: 'SubscriptionCancellationWithdrawn', data: { organizationId: org, withdrawnBy: 'owner-1', withdrawnAt: '2026-02-12T00:00:00.000Z' } }]);
    const ended = [
      trial,
      activated,
      ...paidCancel,
      { type: 'SubscriptionCanceled', data: { organizationId: org, endedAt: '2026-02-28T10:00:00.000Z' } } as const,
    ];
    spec
      .given(ended)
      .when(command('ChangeSubscriptionPlan', pro, '2026-03-01T00:00:00.000Z'))
      .thenThrows(withCode('subscription.canceled'));
  });
});

describe('Subscription: plan changes', () => {
  it('changes the plan in a trial without proration', () => {
    const [changed] = spec
      .given([trial])
      .when(command('ChangeSubscriptionPlan', pro, '2026-01-20T00:00:00.000Z'))
      .events();
    expect(changed?.data).toMatchObject({ planSlug: 'pro', previousPlanSlug: 'starter', proration: null, currentPeriodStart: null });
  });

  it('prorates to the second in a paid period: the unused part credited, the new plan charged for the rest', () => {
    // Half of the 28-day period (14 days) is left.
    const [changed] = spec
      .given([trial, activated])
      .when(command('ChangeSubscriptionPlan', pro, '2026-02-14T10:00:00.000Z'))
      .events();
    expect(changed?.data).toMatchObject({
      planSlug: 'pro',
      proration: { credit: 1_450, charge: 4_950, periodStart: '2026-01-31T10:00:00.000Z', periodEnd: '2026-02-28T10:00:00.000Z' },
      currentPeriodEnd: '2026-02-28T10:00:00.000Z',
    });
  });

  it('starts a new period at a change of interval, crediting the unused part and charging the new period whole', () => {
    const yearly: SubscribedPlan = { ...pro, planSlug: 'pro-yearly', price: 99_000, interval: 'year' };
    const [changed] = spec
      .given([trial, activated])
      .when(command('ChangeSubscriptionPlan', yearly, '2026-02-14T10:00:00.000Z'))
      .events();
    expect(changed?.data).toMatchObject({
      proration: { credit: 1_450, charge: 99_000 },
      currentPeriodStart: '2026-02-14T10:00:00.000Z',
      currentPeriodEnd: '2027-02-14T10:00:00.000Z',
    });
    const state = foldEvents(subscriptionDecider, [trial, activated, changed!]);
    expect(state).toMatchObject({ anchor: '2026-02-14T10:00:00.000Z', periods: 1, plan: { planSlug: 'pro-yearly' } });
  });

  it('refuses another currency, another organization and a subscription that does not exist', () => {
    spec
      .given([trial])
      .when(command('ChangeSubscriptionPlan', { ...pro, currency: 'eur' }, '2026-01-20T00:00:00.000Z'))
      .thenThrows(withCode('subscription.currency_mismatch'));
    spec
      .given([])
      .when(command('CancelSubscription', {}, '2026-01-20T00:00:00.000Z'))
      .thenThrows(withCode('subscription.not_found'));
    const elsewhere = {
      ...command('CancelSubscription', {}, '2026-01-20T00:00:00.000Z'),
      metadata: { commandId: 'c', now: new Date(), organizationId: 'org-2', actorId: 'x' },
    };
    spec
      .given([trial])
      .when(elsewhere as SubscriptionCommand)
      .thenThrows(withCode('subscription.not_found'));
  });
});

describe('billing periods and proration (properties)', () => {
  const price = fc.integer({ min: 0, max: 100_000_000_000 });
  const periodSeconds = fc.integer({ min: 1, max: 366 * 86_400 });

  it('a prorated amount is between nothing and the whole price, monotonic in the time left, exact at both ends', () => {
    fc.assert(
      fc.property(price, periodSeconds, fc.double({ min: 0, max: 1, noNaN: true }), (p, seconds, share) => {
        const periodMs = seconds * 1000;
        const remainingMs = Math.floor(share * seconds) * 1000;
        const part = prorate(p, remainingMs, periodMs);
        expect(Number.isSafeInteger(part)).toBe(true);
        expect(part).toBeGreaterThanOrEqual(0);
        expect(part).toBeLessThanOrEqual(p);
        expect(prorate(p, remainingMs + 1000, periodMs)).toBeGreaterThanOrEqual(part);
        expect(prorate(p, periodMs, periodMs)).toBe(p);
        expect(prorate(p, 0, periodMs)).toBe(0);
      }),
    );
  });

  it('a period split at any second prorates to the whole price, short by at most one minor unit', () => {
    fc.assert(
      fc.property(price, periodSeconds, fc.double({ min: 0, max: 1, noNaN: true }), (p, seconds, share) => {
        const periodMs = seconds * 1000;
        const usedMs = Math.floor(share * seconds) * 1000;
        const sum = prorate(p, usedMs, periodMs) + prorate(p, periodMs - usedMs, periodMs);
        expect(sum).toBeLessThanOrEqual(p);
        expect(sum).toBeGreaterThanOrEqual(p - 1);
      }),
    );
  });

  it('every monthly period end keeps the anchor’s day, or the month’s last day', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), fc.integer({ min: 1, max: 240 }), (anchor, n) => {
        const end = periodEnd(anchor, 'month', 1, n);
        const lastDay = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, 0)).getUTCDate();
        expect(end.getUTCDate()).toBe(Math.min(anchor.getUTCDate(), lastDay));
        expect((end.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + end.getUTCMonth() - anchor.getUTCMonth()).toBe(n);
        expect(end.getUTCHours() * 3600 + end.getUTCMinutes() * 60 + end.getUTCSeconds()).toBe(
          anchor.getUTCHours() * 3600 + anchor.getUTCMinutes() * 60 + anchor.getUTCSeconds(),
        );
      }),
    );
  });
});
