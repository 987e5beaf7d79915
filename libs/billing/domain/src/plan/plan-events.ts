import { type PlanTerms } from './plan-terms.js';

/** A plan is added at version 1; its terms as the event's fields. */
export interface PlanAdded {
  readonly type: 'PlanAdded';
  readonly data: PlanTerms & { readonly slug: string; readonly version: number; readonly addedBy: string; readonly addedAt: string };
}

/** New terms, whole, at the next version: they apply to subscriptions started from now on; running ones keep theirs. */
export interface PlanChanged {
  readonly type: 'PlanChanged';
  readonly data: PlanTerms & { readonly slug: string; readonly version: number; readonly changedBy: string; readonly changedAt: string };
}

/** No longer offered: not listed, no new subscription; running ones go on. */
export interface PlanRetired {
  readonly type: 'PlanRetired';
  readonly data: { readonly slug: string; readonly retiredBy: string; readonly retiredAt: string };
}

export type PlanEvent = PlanAdded | PlanChanged | PlanRetired;
