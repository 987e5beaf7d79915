import { type SubscribedPlan, type SubscriptionEvent } from './subscription-events.js';

export const SUBSCRIPTION_STATUSES = ['trial', 'active', 'past_due', 'unpaid', 'canceled'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export interface ExistingSubscription {
  readonly status: SubscriptionStatus;
  readonly organizationId: string;
  readonly plan: SubscribedPlan;
  readonly trialEndsAt: string | null;
  /** The first paid period's start: every later period end is counted from it (billing-period.ts). */
  readonly anchor: string | null;
  /** Periods begun since the anchor (the current one is the `periods`-th). */
  readonly periods: number;
  readonly currentPeriodStart: string | null;
  readonly currentPeriodEnd: string | null;
  readonly cancelAtPeriodEnd: boolean;
  readonly endsAt: string | null;
  /** The invoices past due (their payment failed) or unpaid (their last attempt failed). */
  readonly delinquent: readonly string[];
}

export type SubscriptionState = { readonly status: 'none' } | ExistingSubscription;

export const initialSubscriptionState = (): SubscriptionState => ({ status: 'none' });

const planOf = (data: SubscribedPlan): SubscribedPlan => ({
  planSlug: data.planSlug,
  planVersion: data.planVersion,
  price: data.price,
  currency: data.currency,
  interval: data.interval,
  intervalCount: data.intervalCount,
  limits: data.limits,
});

export function evolveSubscription(state: SubscriptionState, event: SubscriptionEvent): SubscriptionState {
  if (event.type === 'SubscriptionTrialStarted') {
    const { organizationId, trialEndsAt } = event.data;
    const period = { anchor: null, periods: 0, currentPeriodStart: null, currentPeriodEnd: null };
    return { status: 'trial', organizationId, plan: planOf(event.data), trialEndsAt, ...period, cancelAtPeriodEnd: false, endsAt: null, delinquent: [] };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'SubscriptionPlanChanged': {
      const { currentPeriodStart, currentPeriodEnd } = event.data;
      const restarted = currentPeriodStart !== null && currentPeriodStart !== state.currentPeriodStart;
      const period = restarted ? { anchor: currentPeriodStart, periods: 1, currentPeriodStart, currentPeriodEnd } : {};
      return { ...state, plan: planOf(event.data), ...period };
    }
    case 'SubscriptionActivated':
    case 'SubscriptionRenewed': {
      const { currentPeriodStart, currentPeriodEnd } = event.data;
      const first = event.type === 'SubscriptionActivated';
      return {
        ...state,
        // A renewal does not settle what is owed: past due and unpaid stay until the invoice is paid.
        status: first || state.status === 'active' ? 'active' : state.status,
        anchor: first ? currentPeriodStart : state.anchor,
        periods: first ? 1 : state.periods + 1,
        currentPeriodStart,
        currentPeriodEnd,
      };
    }
    case 'SubscriptionCancellationScheduled':
      return { ...state, cancelAtPeriodEnd: true, endsAt: event.data.endsAt };
    case 'SubscriptionCancellationWithdrawn':
      return { ...state, cancelAtPeriodEnd: false, endsAt: null };
    case 'SubscriptionCanceled':
      return { ...state, status: 'canceled', cancelAtPeriodEnd: false, endsAt: event.data.endedAt };
    case 'SubscriptionPastDue':
      return { ...state, status: state.status === 'unpaid' ? 'unpaid' : 'past_due', delinquent: [...state.delinquent, event.data.invoiceId] };
    case 'SubscriptionUnpaid':
      return { ...state, status: 'unpaid', delinquent: [...new Set([...state.delinquent, event.data.invoiceId])] };
    case 'SubscriptionRecovered': {
      const delinquent = state.delinquent.filter((id) => id !== event.data.invoiceId);
      return { ...state, status: delinquent.length === 0 && state.status !== 'canceled' ? 'active' : state.status, delinquent };
    }
  }
}
