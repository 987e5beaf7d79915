import { billingEventSchemaVersions, isPublicBillingEventType, validateBillingEvent } from './validate.js';

const terms = {
  name: 'Team',
  description: null,
  price: 1900,
  currency: 'usd',
  interval: 'month',
  intervalCount: 1,
  trialDays: 0,
  features: [],
  limits: { workflows: 10 },
  sortOrder: 0,
};

describe('billing contracts', () => {
  it('accepts well-formed plan events', () => {
    expect(validateBillingEvent({ type: 'PlanAdded', data: { slug: 'team', version: 1, ...terms, addedBy: 'u', addedAt: 'x' } })).toEqual([]);
    expect(validateBillingEvent({ type: 'PlanRetired', data: { slug: 'team', retiredBy: 'u', retiredAt: 'x' } })).toEqual([]);
  });

  it('refuses a price that is not a number and fields outside the contract', () => {
    expect(
      validateBillingEvent({ type: 'PlanChanged', data: { slug: 'team', version: 2, ...terms, price: '19.00', changedBy: 'u', changedAt: 'x', secret: 1 } }),
    ).toEqual(['price must be number', 'secret is not part of the contract']);
  });

  it('versions every public event type and knows no others', () => {
    expect(Object.keys(billingEventSchemaVersions)).toHaveLength(18);
    for (const type of Object.keys(billingEventSchemaVersions)) expect(isPublicBillingEventType(type)).toBe(true);
    expect(validateBillingEvent({ type: 'PlanDeleted', data: {} })).toEqual(['PlanDeleted is not a public billing event']);
  });
});
