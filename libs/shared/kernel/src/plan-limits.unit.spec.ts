import { UserError } from './errors.js';
import { assertWithinPlanLimit } from './plan-limits.js';

describe('plan limits', () => {
  it('lets one more through below the maximum, and always when unlimited', () => {
    expect(() => assertWithinPlanLimit('maxWorkflows', 9, 10)).not.toThrow();
    expect(() => assertWithinPlanLimit('maxWorkflows', 1_000_000, null)).not.toThrow();
  });

  it('refuses at the maximum with a 402 that says the limit, the count and the maximum', () => {
    let error: unknown;
    try {
      assertWithinPlanLimit('maxCredentials', 5, 5);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ kind: 'payment_required', code: 'plan.limit_reached', details: { limit: 'maxCredentials', used: 5, max: 5 } });
    expect(() => assertWithinPlanLimit('maxCredentials', 0, 0)).toThrow(/allows 0/);
  });
});
