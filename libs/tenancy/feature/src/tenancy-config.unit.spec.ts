import { loadTenancyConfig } from './tenancy-config.js';

describe('tenancy configuration', () => {
  it('has defaults that need no configuration: 14 trial days, 7-day invitations, no plan limits', () => {
    expect(loadTenancyConfig({})).toEqual({ trialDays: 14, invitationTtlDays: 7, defaultPlanLimits: {} });
  });

  it('reads default plan limits as name=value pairs', () => {
    expect(loadTenancyConfig({ WEFT_DEFAULT_PLAN_LIMITS: ' maxWorkflows=100, maxCredentials = 0 ' }).defaultPlanLimits).toEqual({
      maxWorkflows: 100,
      maxCredentials: 0,
    });
  });

  it.each([
    ['maxWidgets=3', /"maxWidgets" is not a limit/],
    ['maxWorkflows=-1', /maxWorkflows must be a non-negative integer/],
    ['maxWorkflows=', /maxWorkflows must be a non-negative integer/],
    ['maxWorkflows=1.5', /maxWorkflows must be a non-negative integer/],
  ])('refuses %s with a message naming the variable', (raw, message) => {
    expect(() => loadTenancyConfig({ WEFT_DEFAULT_PLAN_LIMITS: raw })).toThrow(message);
    expect(() => loadTenancyConfig({ WEFT_DEFAULT_PLAN_LIMITS: raw })).toThrow(/WEFT_DEFAULT_PLAN_LIMITS/);
  });

  it('refuses out-of-range days', () => {
    expect(() => loadTenancyConfig({ INVITATION_TTL_DAYS: '31' })).toThrow(/INVITATION_TTL_DAYS/);
  });
});
