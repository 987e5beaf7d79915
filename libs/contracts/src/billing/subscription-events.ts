import { type PublicEvent } from '../public-event.js';
import { type PlanLimitsData } from './plan-events.js';

/** The plan a subscription bills, at the version it was taken. Money in integer minor units. */
export interface SubscribedPlanData {
  readonly planSlug: string;
  readonly planVersion: number;
  readonly price: number;
  readonly currency: string;
  readonly interval: 'day' | 'week' | 'month' | 'year';
  readonly intervalCount: number;
  readonly limits: PlanLimitsData;
}

export interface ProrationData {
  readonly credit: number;
  readonly charge: number;
  readonly at: string;
  readonly periodStart: string;
  readonly periodEnd: string;
}

export const SubscriptionTrialStartedSchemaVersion = 1;
export interface SubscriptionTrialStartedData extends SubscribedPlanData {
  readonly organizationId: string;
  readonly trialStartedAt: string;
  readonly trialEndsAt: string;
}
export type SubscriptionTrialStarted = PublicEvent<'SubscriptionTrialStarted', SubscriptionTrialStartedData>;

export const SubscriptionPlanChangedSchemaVersion = 1;
export interface SubscriptionPlanChangedData extends SubscribedPlanData {
  readonly organizationId: string;
  readonly previousPlanSlug: string;
  readonly previousPlanVersion: number;
  readonly proration: ProrationData | null;
  readonly currentPeriodStart: string | null;
  readonly currentPeriodEnd: string | null;
  readonly changedBy: string;
  readonly changedAt: string;
}
export type SubscriptionPlanChanged = PublicEvent<'SubscriptionPlanChanged', SubscriptionPlanChangedData>;

export const SubscriptionActivatedSchemaVersion = 1;
export interface SubscriptionActivatedData {
  readonly organizationId: string;
  readonly currentPeriodStart: string;
  readonly currentPeriodEnd: string;
  readonly activatedAt: string;
}
export type SubscriptionActivated = PublicEvent<'SubscriptionActivated', SubscriptionActivatedData>;

export const SubscriptionRenewedSchemaVersion = 1;
export interface SubscriptionRenewedData {
  readonly organizationId: string;
  readonly currentPeriodStart: string;
  readonly currentPeriodEnd: string;
  readonly renewedAt: string;
}
export type SubscriptionRenewed = PublicEvent<'SubscriptionRenewed', SubscriptionRenewedData>;

export const SubscriptionCancellationScheduledSchemaVersion = 1;
export interface SubscriptionCancellationScheduledData {
  readonly organizationId: string;
  readonly endsAt: string;
  readonly requestedBy: string;
  readonly requestedAt: string;
}
export type SubscriptionCancellationScheduled = PublicEvent<'SubscriptionCancellationScheduled', SubscriptionCancellationScheduledData>;

export const SubscriptionCancellationWithdrawnSchemaVersion = 1;
export interface SubscriptionCancellationWithdrawnData {
  readonly organizationId: string;
  readonly withdrawnBy: string;
  readonly withdrawnAt: string;
}
export type SubscriptionCancellationWithdrawn = PublicEvent<'SubscriptionCancellationWithdrawn', SubscriptionCancellationWithdrawnData>;

export const SubscriptionCanceledSchemaVersion = 1;
export interface SubscriptionCanceledData {
  readonly organizationId: string;
  readonly endedAt: string;
}
export type SubscriptionCanceled = PublicEvent<'SubscriptionCanceled', SubscriptionCanceledData>;

export type PublicSubscriptionEvent =
  | SubscriptionTrialStarted
  | SubscriptionPlanChanged
  | SubscriptionActivated
  | SubscriptionRenewed
  | SubscriptionCancellationScheduled
  | SubscriptionCancellationWithdrawn
  | SubscriptionCanceled;
