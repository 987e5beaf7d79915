import { type PublicEvent } from '../public-event.js';

/** Limits by the reference schema's names; `null` = unlimited. */
export interface PlanLimitsData {
  readonly workflows: number | null;
  readonly executions_per_month: number | null;
  readonly team_members: number | null;
  readonly credentials: number | null;
  readonly storage_gb: number | null;
  readonly api_calls_per_hour: number | null;
}

/** A plan's terms: money in integer minor units of `currency` (ISO 4217, lower case). */
export interface PlanTermsData {
  readonly name: string;
  readonly description: string | null;
  readonly price: number;
  readonly currency: string;
  readonly interval: 'day' | 'week' | 'month' | 'year';
  readonly intervalCount: number;
  readonly trialDays: number;
  readonly features: readonly string[];
  readonly limits: PlanLimitsData;
  readonly sortOrder: number;
}

export const PlanAddedSchemaVersion = 1;
export interface PlanAddedData extends PlanTermsData {
  readonly slug: string;
  readonly version: number;
  readonly addedBy: string;
  readonly addedAt: string;
}
export type PlanAdded = PublicEvent<'PlanAdded', PlanAddedData>;

/** The whole new terms at the next version (for subscriptions started from now on). */
export const PlanChangedSchemaVersion = 1;
export interface PlanChangedData extends PlanTermsData {
  readonly slug: string;
  readonly version: number;
  readonly changedBy: string;
  readonly changedAt: string;
}
export type PlanChanged = PublicEvent<'PlanChanged', PlanChangedData>;

export const PlanRetiredSchemaVersion = 1;
export interface PlanRetiredData {
  readonly slug: string;
  readonly retiredBy: string;
  readonly retiredAt: string;
}
export type PlanRetired = PublicEvent<'PlanRetired', PlanRetiredData>;

export type PublicPlanEvent = PlanAdded | PlanChanged | PlanRetired;
