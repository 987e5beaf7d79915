import { DeciderSpecification, UserError, foldEvents } from '@weft/kernel';
import { type PlanCommand } from './plan-commands.js';
import { planDecider } from './plan-decider.js';
import { type PlanEvent } from './plan-events.js';
import { PLAN_LIMIT_NAMES, type PlanTermsInput, requirePlanSlug } from './plan-terms.js';
import { SEEDED_PLANS } from './seeded-plans.js';

const spec = DeciderSpecification.for(planDecider);
const withCode = (code: string) => (error: unknown) => error instanceof UserError && error.code === code;
const now = new Date('2026-12-07T10:00:00.000Z');
const at = now.toISOString();
const unlimited = { workflows: null, executions_per_month: null, team_members: null, credentials: null, storage_gb: null, api_calls_per_hour: null };

const command = (type: PlanCommand['type'], data: Record<string, unknown>): PlanCommand =>
  ({ type, data, metadata: { commandId: 'cmd-1', now, actorId: 'admin-1' } }) as PlanCommand;
const add = (terms: PlanTermsInput, slug = 'team') => command('AddPlan', { slug, terms });

const added: PlanEvent = {
  type: 'PlanAdded',
  data: {
    slug: 'team',
    version: 1,
    name: 'Team',
    description: null,
    price: 1_900,
    currency: 'usd',
    interval: 'month',
    intervalCount: 1,
    trialDays: 0,
    features: [],
    limits: { ...unlimited, workflows: 10 },
    sortOrder: 0,
    addedBy: 'admin-1',
    addedAt: at,
  },
};

describe('Plan', () => {
  it('adds a plan with defaults for what the command leaves out: monthly, usd, no trial, unlimited but the limits given', () => {
    spec
      .given([])
      .when(add({ name: ' Team ', price: 1_900, limits: { workflows: 10 } }))
      .then([added]);
  });

  it('refuses terms that are not money, an interval or a limit, naming the field', () => {
    const refused = (terms: PlanTermsInput, field: string) =>
      spec
        .given([])
        .when(add(terms))
        .thenThrows((error) => withCode('plan.terms_invalid')(error) && JSON.stringify((error as UserError).details).includes(field));
    refused({ name: 'Team' }, 'price');
    refused({ name: 'Team', price: 19.99 }, 'price');
    refused({ name: 'Team', price: -1 }, 'price');
    refused({ name: 'Team', price: 100, currency: 'USD' }, 'currency');
    refused({ name: 'Team', price: 100, interval: 'fortnight' as never }, 'interval');
    refused({ name: 'Team', price: 100, trialDays: 400 }, 'trialDays');
    refused({ name: 'Team', price: 100, limits: { seats: 3 } }, 'limits.seats');
    refused({ name: 'Team', price: 100, limits: { workflows: -1 } }, 'limits.workflows');
    refused({ name: '', price: 100 }, 'name');
    refused({ name: 'Team', price: 100, features: ['x'.repeat(201)] }, 'features[0]');
    spec
      .given([])
      .when(add({ name: 'Team', price: 100 }, 'Not A Slug'))
      .thenThrows(withCode('plan.terms_invalid'));
  });

  it('refuses a second plan with a slug in use, retired ones included', () => {
    spec
      .given([added])
      .when(add({ name: 'Again', price: 1 }))
      .thenThrows(withCode('plan.exists'));
    const retired: PlanEvent = { type: 'PlanRetired', data: { slug: 'team', retiredBy: 'admin-1', retiredAt: at } };
    spec
      .given([added, retired])
      .when(add({ name: 'Again', price: 1 }))
      .thenThrows(withCode('plan.exists'));
  });

  it('changes the terms as a new version with the whole terms, and a change to nothing decides nothing', () => {
    const [changed] = spec
      .given([added])
      .when(command('ChangePlan', { terms: { price: 2_900, limits: { credentials: 5 } } }))
      .events();
    expect(changed).toEqual({
      type: 'PlanChanged',
      data: {
        ...added.data,
        addedBy: undefined,
        addedAt: undefined,
        version: 2,
        price: 2_900,
        limits: { ...unlimited, workflows: 10, credentials: 5 },
        changedBy: 'admin-1',
        changedAt: at,
      },
    });
    const state = foldEvents(planDecider, [added, changed!]);
    expect(state).toMatchObject({ status: 'active', version: 2, terms: { price: 2_900, limits: { workflows: 10, credentials: 5 } } });
    spec
      .given([added])
      .when(command('ChangePlan', { terms: { price: 1_900 } }))
      .then([]);
  });

  it('retires once, refuses changes after, and knows no plan it never added', () => {
    const retired: PlanEvent = { type: 'PlanRetired', data: { slug: 'team', retiredBy: 'admin-1', retiredAt: at } };
    spec.given([added]).when(command('RetirePlan', {})).then([retired]);
    spec.given([added, retired]).when(command('RetirePlan', {})).then([]);
    spec
      .given([added, retired])
      .when(command('ChangePlan', { terms: { price: 1 } }))
      .thenThrows(withCode('plan.retired'));
    expect(foldEvents(planDecider, [added, retired])).toMatchObject({ status: 'retired', version: 1 });
    spec
      .given([])
      .when(command('ChangePlan', { terms: {} }))
      .thenThrows(withCode('plan.not_found'));
    spec.given([]).when(command('RetirePlan', {})).thenThrows(withCode('plan.not_found'));
  });

  it('seeds free, starter, pro and enterprise with valid terms, every reference limit named', () => {
    expect(SEEDED_PLANS.map((plan) => plan.slug)).toEqual(['free', 'starter', 'pro', 'enterprise']);
    for (const { slug, ...terms } of SEEDED_PLANS) {
      expect(requirePlanSlug(slug)).toBe(slug);
      const [event] = spec.given([]).when(add(terms, slug)).events();
      expect(event?.data).toMatchObject({ ...terms, slug, version: 1 });
      expect(Object.keys(terms.limits).sort()).toEqual([...PLAN_LIMIT_NAMES].sort());
    }
  });
});
