import { type Decider, UserError } from '@weft/kernel';
import { type AddPlan, type ChangePlan, type PlanCommand } from './plan-commands.js';
import { type PlanEvent } from './plan-events.js';
import { type PlanTerms, requirePlanSlug, requirePlanTerms } from './plan-terms.js';

/** A plan's stream folded: none yet, offered at a version, or retired (kept for the subscriptions that run on it). */
export type PlanState = { readonly status: 'none' } | ExistingPlan;
export interface ExistingPlan {
  readonly status: 'active' | 'retired';
  readonly slug: string;
  readonly version: number;
  readonly terms: PlanTerms;
}

export const initialPlanState = (): PlanState => ({ status: 'none' });

/** The terms of an event's data (which also names the plan, its version and who did it). */
const termsOf = (data: PlanTerms): PlanTerms => {
  const { name, description, price, currency, interval, intervalCount, trialDays, features, limits, sortOrder } = data;
  return { name, description, price, currency, interval, intervalCount, trialDays, features, limits, sortOrder };
};

export function evolvePlan(state: PlanState, event: PlanEvent): PlanState {
  switch (event.type) {
    case 'PlanAdded':
    case 'PlanChanged':
      return { status: 'active', slug: event.data.slug, version: event.data.version, terms: termsOf(event.data) };
    case 'PlanRetired':
      return state.status === 'none' ? state : { ...state, status: 'retired' };
  }
}

/** Decides the Plan aggregate's events: add once, change while offered (each change a new version), retire once. */
export function decidePlan(command: PlanCommand, state: PlanState): PlanEvent[] {
  if (command.type === 'AddPlan') return add(command, state);
  if (state.status === 'none') throw new UserError('not_found', 'plan.not_found', 'No such plan.');
  const { actorId, now } = command.metadata;
  if (command.type === 'RetirePlan')
    return state.status === 'retired' ? [] : [{ type: 'PlanRetired', data: { slug: state.slug, retiredBy: actorId, retiredAt: now.toISOString() } }];
  if (state.status === 'retired') throw new UserError('conflict', 'plan.retired', 'This plan is retired; add a new plan instead.');
  return change(command, state);
}

function add(command: AddPlan, state: PlanState): PlanEvent[] {
  if (state.status !== 'none') throw new UserError('conflict', 'plan.exists', 'A plan with this slug exists (retired plans keep their slug).');
  const terms = requirePlanTerms(command.data.terms);
  const { actorId, now } = command.metadata;
  return [{ type: 'PlanAdded', data: { slug: requirePlanSlug(command.data.slug), version: 1, ...terms, addedBy: actorId, addedAt: now.toISOString() } }];
}

function change(command: ChangePlan, state: ExistingPlan): PlanEvent[] {
  const terms = requirePlanTerms(command.data.terms, state.terms);
  if (JSON.stringify(terms) === JSON.stringify(state.terms)) return [];
  const { actorId, now } = command.metadata;
  return [{ type: 'PlanChanged', data: { slug: state.slug, version: state.version + 1, ...terms, changedBy: actorId, changedAt: now.toISOString() } }];
}

/** The Plan aggregate as a decider. */
export const planDecider = {
  decide: decidePlan,
  evolve: evolvePlan,
  initialState: initialPlanState,
} satisfies Decider<PlanState, PlanCommand, PlanEvent>;
