import { type PlanInterval, type PlanLimitValues } from '../plan/plan-terms.js';

/** What a subscription bills: the plan at the version it was taken, its price and period. */
export interface SubscribedPlan {
  readonly planSlug: string;
  readonly planVersion: number;
  readonly price: number;
  readonly currency: string;
  readonly interval: PlanInterval;
  readonly intervalCount: number;
  /** The plan's limits at that version (tenancy enforces them through its organizations read model). */
  readonly limits: PlanLimitValues;
}

/** A plan change in a paid period: the old plan's unused time credited, the new plan's charged, to the second. */
export interface Proration {
  readonly credit: number;
  readonly charge: number;
  readonly at: string;
  readonly periodStart: string;
  readonly periodEnd: string;
}

export interface SubscriptionTrialStarted {
  readonly type: 'SubscriptionTrialStarted';
  readonly data: SubscribedPlan & { readonly organizationId: string; readonly trialStartedAt: string; readonly trialEndsAt: string };
}

export interface SubscriptionPlanChanged {
  readonly type: 'SubscriptionPlanChanged';
  readonly data: SubscribedPlan & {
    readonly organizationId: string;
    readonly previousPlanSlug: string;
    readonly previousPlanVersion: number;
    /** Null in a trial (nothing was paid), else the credit and the charge for the rest of the period. */
    readonly proration: Proration | null;
    /** The period from the change on (a change of interval starts a new one now). */
    readonly currentPeriodStart: string | null;
    readonly currentPeriodEnd: string | null;
    readonly changedBy: string;
    readonly changedAt: string;
  };
}

/** The trial ended: the first paid period starts at its end (the billing anchor). */
export interface SubscriptionActivated {
  readonly type: 'SubscriptionActivated';
  readonly data: { readonly organizationId: string; readonly currentPeriodStart: string; readonly currentPeriodEnd: string; readonly activatedAt: string };
}

/** A period ended and the next began. */
export interface SubscriptionRenewed {
  readonly type: 'SubscriptionRenewed';
  readonly data: { readonly organizationId: string; readonly currentPeriodStart: string; readonly currentPeriodEnd: string; readonly renewedAt: string };
}

/** Cancel at period end (or at the trial's end): the subscription runs until `endsAt`. */
export interface SubscriptionCancellationScheduled {
  readonly type: 'SubscriptionCancellationScheduled';
  readonly data: { readonly organizationId: string; readonly endsAt: string; readonly requestedBy: string; readonly requestedAt: string };
}

export interface SubscriptionCancellationWithdrawn {
  readonly type: 'SubscriptionCancellationWithdrawn';
  readonly data: { readonly organizationId: string; readonly withdrawnBy: string; readonly withdrawnAt: string };
}

export interface SubscriptionCanceled {
  readonly type: 'SubscriptionCanceled';
  readonly data: { readonly organizationId: string; readonly endedAt: string };
}

/** Dunning's marks; `status` is the subscription's status after the mark (another invoice may still be owed). */
export interface DunningData {
  readonly organizationId: string;
  readonly invoiceId: string;
  readonly status: 'active' | 'past_due' | 'unpaid';
  readonly at: string;
}

/** An invoice's payment failed: the subscription is past due until it is paid (dunning retries it). */
export interface SubscriptionPastDue {
  readonly type: 'SubscriptionPastDue';
  readonly data: DunningData;
}

/** The last attempt at an invoice failed: unpaid, and the organization suspended (its runs refused, its data kept). */
export interface SubscriptionUnpaid {
  readonly type: 'SubscriptionUnpaid';
  readonly data: DunningData;
}

/** The invoice that made it past due or unpaid was paid: active again. */
export interface SubscriptionRecovered {
  readonly type: 'SubscriptionRecovered';
  readonly data: DunningData;
}

export type SubscriptionEvent =
  | SubscriptionTrialStarted
  | SubscriptionPlanChanged
  | SubscriptionActivated
  | SubscriptionRenewed
  | SubscriptionCancellationScheduled
  | SubscriptionCancellationWithdrawn
  | SubscriptionCanceled
  | SubscriptionPastDue
  | SubscriptionUnpaid
  | SubscriptionRecovered;
