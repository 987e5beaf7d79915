import { type Decider, UserError } from '@weft/kernel';
import { periodEnd, prorate } from './billing-period.js';
import {
  type AdvanceSubscription,
  type CancelSubscription,
  type ChangeSubscriptionPlan,
  type RecordInvoiceCollection,
  type SubscriptionCommand,
} from './subscription-commands.js';
import { type SubscribedPlan, type SubscriptionEvent } from './subscription-events.js';
import { type ExistingSubscription, type SubscriptionState, evolveSubscription, initialSubscriptionState } from './subscription-state.js';

/** Periods one clock tick may close (a clock stopped for years catches up in a few ticks, each bounded). */
const MAX_PERIODS_PER_TICK = 1_000;

/** Decides the Subscription aggregate's events (one stream per organization). */
export function decideSubscription(command: SubscriptionCommand, state: SubscriptionState): SubscriptionEvent[] {
  if (command.type === 'StartTrial') {
    if (state.status !== 'none') return []; // the trial starter saw the organization again
    const { trialEndsAt, ...plan } = command.data;
    const { organizationId, now } = command.metadata;
    return [{ type: 'SubscriptionTrialStarted', data: { organizationId, ...plan, trialStartedAt: now.toISOString(), trialEndsAt } }];
  }
  if (state.status === 'none' || state.organizationId !== command.metadata.organizationId)
    throw new UserError('not_found', 'subscription.not_found', 'This organization has no subscription.');
  switch (command.type) {
    case 'ChangeSubscriptionPlan':
      return changePlan(command, state);
    case 'CancelSubscription':
      return cancel(command, state);
    case 'AdvanceSubscription':
      return advance(command, state);
    case 'RecordInvoiceCollection':
      return dunning(command, state);
  }
}

/**
 * Dunning, from the invoice job's collection outcomes: a failed payment makes the
 * subscription past due, the last failed attempt unpaid (the organization suspended), and
 * paying the invoice that did it active again (unless another is still owed). Each
 * outcome is recorded once per invoice; the mark carries the status it leads to.
 */
function dunning(command: RecordInvoiceCollection, state: ExistingSubscription): SubscriptionEvent[] {
  const { invoiceId, outcome } = command.data;
  const mark = (type: 'SubscriptionPastDue' | 'SubscriptionUnpaid' | 'SubscriptionRecovered'): SubscriptionEvent[] => {
    const data = { organizationId: state.organizationId, invoiceId, status: 'active' as const, at: command.metadata.now.toISOString() };
    const after = evolveSubscription(state, { type, data }) as ExistingSubscription;
    return [{ type, data: { ...data, status: after.status as 'active' | 'past_due' | 'unpaid' } }];
  };
  const owed = state.delinquent.includes(invoiceId);
  if (outcome === 'paid') return owed ? mark('SubscriptionRecovered') : [];
  if (state.status === 'canceled') return [];
  if (outcome === 'failed') return owed ? [] : mark('SubscriptionPastDue');
  return owed && state.status === 'unpaid' ? [] : mark('SubscriptionUnpaid');
}

/** The Subscription aggregate as a decider. */
export const subscriptionDecider = {
  decide: decideSubscription,
  evolve: evolveSubscription,
  initialState: initialSubscriptionState,
} satisfies Decider<SubscriptionState, SubscriptionCommand, SubscriptionEvent>;

function changePlan(command: ChangeSubscriptionPlan, state: ExistingSubscription): SubscriptionEvent[] {
  if (state.status === 'canceled')
    throw new UserError('conflict', 'subscription.canceled', 'This subscription has ended; a new one comes with billing’s next release.');
  const { organizationId, actorId, now } = command.metadata;
  const plan = command.data;
  if (plan.currency !== state.plan.currency)
    throw new UserError(
      'conflict',
      'subscription.currency_mismatch',
      `The subscription is billed in ${state.plan.currency}; this plan is in ${plan.currency}.`,
    );
  const withdrawal: SubscriptionEvent[] = state.cancelAtPeriodEnd
    ? [{ type: 'SubscriptionCancellationWithdrawn', data: { organizationId, withdrawnBy: actorId, withdrawnAt: now.toISOString() } }]
    : [];
  if (plan.planSlug === state.plan.planSlug && plan.planVersion === state.plan.planVersion) return withdrawal;
  const previous = { previousPlanSlug: state.plan.planSlug, previousPlanVersion: state.plan.planVersion };
  const change = { organizationId, ...plan, ...previous, changedBy: actorId, changedAt: now.toISOString() };
  if (state.status === 'trial' || state.currentPeriodStart === null || state.currentPeriodEnd === null)
    return [...withdrawal, { type: 'SubscriptionPlanChanged', data: { ...change, proration: null, currentPeriodStart: null, currentPeriodEnd: null } }];
  return [...withdrawal, { type: 'SubscriptionPlanChanged', data: { ...change, ...prorated(state, plan, now) } }];
}

/**
 * A change in a paid period: the old plan's unused time is credited. The same interval
 * keeps the period and charges the new plan for what is left of it; another interval
 * starts a new period now, charged whole.
 */
function prorated(state: ExistingSubscription, plan: SubscribedPlan, now: Date) {
  const start = new Date(state.currentPeriodStart!);
  const end = new Date(state.currentPeriodEnd!);
  const periodMs = end.getTime() - start.getTime();
  const remainingMs = end.getTime() - now.getTime();
  const credit = prorate(state.plan.price, remainingMs, periodMs);
  const sameInterval = plan.interval === state.plan.interval && plan.intervalCount === state.plan.intervalCount;
  if (sameInterval) {
    const proration = {
      credit,
      charge: prorate(plan.price, remainingMs, periodMs),
      at: now.toISOString(),
      periodStart: start.toISOString(),
      periodEnd: end.toISOString(),
    };
    return { proration, currentPeriodStart: start.toISOString(), currentPeriodEnd: end.toISOString() };
  }
  const newEnd = periodEnd(now, plan.interval, plan.intervalCount, 1).toISOString();
  const proration = { credit, charge: plan.price, at: now.toISOString(), periodStart: now.toISOString(), periodEnd: newEnd };
  return { proration, currentPeriodStart: now.toISOString(), currentPeriodEnd: newEnd };
}

function cancel(command: CancelSubscription, state: ExistingSubscription): SubscriptionEvent[] {
  if (state.status === 'canceled' || state.cancelAtPeriodEnd) return [];
  const { organizationId, actorId, now } = command.metadata;
  const endsAt = state.status === 'trial' ? state.trialEndsAt : state.currentPeriodEnd;
  return [
    {
      type: 'SubscriptionCancellationScheduled',
      data: { organizationId, endsAt: endsAt ?? now.toISOString(), requestedBy: actorId, requestedAt: now.toISOString() },
    },
  ];
}

/** Everything due at `now`: the trial's end, each period's end in turn, the end of a canceled subscription. */
function advance(command: AdvanceSubscription, initial: ExistingSubscription): SubscriptionEvent[] {
  const { organizationId, now } = command.metadata;
  const events: SubscriptionEvent[] = [];
  let state = initial;
  for (let i = 0; i < MAX_PERIODS_PER_TICK && state.status !== 'canceled'; i++) {
    const due = state.status === 'trial' ? state.trialEndsAt : state.currentPeriodEnd;
    if (due === null || new Date(due) > now) break;
    const next = nextEvent(state, organizationId, due, now);
    events.push(next);
    state = evolveSubscription(state, next) as ExistingSubscription;
  }
  return events;
}

function nextEvent(state: ExistingSubscription, organizationId: string, due: string, now: Date): SubscriptionEvent {
  if (state.cancelAtPeriodEnd) return { type: 'SubscriptionCanceled', data: { organizationId, endedAt: due } };
  const { interval, intervalCount } = state.plan;
  const at = now.toISOString();
  if (state.status === 'trial') {
    const currentPeriodEnd = periodEnd(new Date(due), interval, intervalCount, 1).toISOString();
    return { type: 'SubscriptionActivated', data: { organizationId, currentPeriodStart: due, currentPeriodEnd, activatedAt: at } };
  }
  const currentPeriodEnd = periodEnd(new Date(state.anchor ?? due), interval, intervalCount, state.periods + 1).toISOString();
  return { type: 'SubscriptionRenewed', data: { organizationId, currentPeriodStart: due, currentPeriodEnd, renewedAt: at } };
}
