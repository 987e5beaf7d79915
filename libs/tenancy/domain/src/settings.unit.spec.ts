import { UserError } from '@weft/kernel';
import { DEFAULT_ORGANIZATION_SETTINGS, requireValidSettings, sameSettings, settingsProblems, withEntitlements, withPreferences } from './settings.js';
import { type OrganizationSettings } from './settings.js';

const fields = (settings: OrganizationSettings) => settingsProblems(settings).map((problem) => problem.field);

describe('organization settings', () => {
  it('accepts the defaults and real time zones and language tags', () => {
    expect(settingsProblems(DEFAULT_ORGANIZATION_SETTINGS)).toEqual([]);
    expect(settingsProblems({ ...DEFAULT_ORGANIZATION_SETTINGS, timezone: 'America/Sao_Paulo', language: 'pt-BR', theme: 'dark' })).toEqual([]);
    expect(settingsProblems({ ...DEFAULT_ORGANIZATION_SETTINGS, language: 'zh-Hant-TW' })).toEqual([]);
  });

  it('names each invalid field', () => {
    const bad = {
      timezone: 'Mars/Olympus',
      language: 'english',
      theme: 'neon',
      limits: { maxWorkflows: -1, 'bad key': 1 },
      features: { sso: 'yes' },
    } as unknown as OrganizationSettings;
    expect(fields(bad)).toEqual([
      'settings.timezone',
      'settings.language',
      'settings.theme',
      'settings.limits.maxWorkflows',
      'settings.limits.bad key',
      'settings.features.sso',
    ]);
  });

  it('refuses fractional limits and non-object maps', () => {
    expect(fields({ ...DEFAULT_ORGANIZATION_SETTINGS, limits: { maxWorkflows: 1.5 } })).toEqual(['settings.limits.maxWorkflows']);
    expect(fields({ ...DEFAULT_ORGANIZATION_SETTINGS, features: [] as unknown as Record<string, boolean> })).toEqual(['settings.features']);
  });

  it('throws a validation error listing every problem', () => {
    expect(() => requireValidSettings({ ...DEFAULT_ORGANIZATION_SETTINGS, theme: 'neon' as 'dark' })).toThrow(UserError);
  });

  it('applies preferences without letting limits or features slip in', () => {
    const sneaky = { theme: 'dark', limits: { maxWorkflows: 1e6 } } as unknown as Parameters<typeof withPreferences>[1];
    expect(withPreferences(DEFAULT_ORGANIZATION_SETTINGS, sneaky)).toEqual({ ...DEFAULT_ORGANIZATION_SETTINGS, theme: 'dark' });
  });

  it('merges entitlements key by key', () => {
    const first = withEntitlements(DEFAULT_ORGANIZATION_SETTINGS, { limits: { maxWorkflows: 10, maxMembers: 5 }, features: { sso: false } });
    expect(withEntitlements(first, { limits: { maxWorkflows: 100 }, features: { sso: true } })).toMatchObject({
      limits: { maxWorkflows: 100, maxMembers: 5 },
      features: { sso: true },
    });
  });

  it('accepts retention of 1 to 3650 whole days, logs no longer than executions', () => {
    expect(settingsProblems({ ...DEFAULT_ORGANIZATION_SETTINGS, executionRetentionDays: 365, executionLogRetentionDays: 365 })).toEqual([]);
    expect(settingsProblems({ ...DEFAULT_ORGANIZATION_SETTINGS, executionRetentionDays: 1, executionLogRetentionDays: 1 })).toEqual([]);
    expect(settingsProblems({ ...DEFAULT_ORGANIZATION_SETTINGS, executionLogRetentionDays: 3650 })).toEqual([]); // the other one is the platform's
    expect(fields({ ...DEFAULT_ORGANIZATION_SETTINGS, executionRetentionDays: 0, executionLogRetentionDays: 3651 })).toEqual([
      'settings.executionRetentionDays',
      'settings.executionLogRetentionDays',
    ]);
    expect(fields({ ...DEFAULT_ORGANIZATION_SETTINGS, executionRetentionDays: 7.5 })).toEqual(['settings.executionRetentionDays']);
    expect(fields({ ...DEFAULT_ORGANIZATION_SETTINGS, executionRetentionDays: '30' as unknown as number })).toEqual(['settings.executionRetentionDays']);
    expect(settingsProblems({ ...DEFAULT_ORGANIZATION_SETTINGS, executionRetentionDays: 30, executionLogRetentionDays: 60 })).toEqual([
      { field: 'settings.executionLogRetentionDays', message: 'must not be longer than executionRetentionDays (30 days)' },
    ]);
  });

  it('refuses invalid retention as unprocessable (422), other problems as invalid (400)', () => {
    const thrown = (settings: OrganizationSettings) => {
      try {
        requireValidSettings(settings);
      } catch (error) {
        return error as UserError;
      }
      throw new Error('expected a UserError');
    };
    expect(thrown({ ...DEFAULT_ORGANIZATION_SETTINGS, executionRetentionDays: 10, executionLogRetentionDays: 20 })).toMatchObject({
      kind: 'unprocessable',
      code: 'organization.retention_invalid',
    });
    expect(thrown({ ...DEFAULT_ORGANIZATION_SETTINGS, theme: 'neon' as 'dark', executionRetentionDays: 0 })).toMatchObject({
      kind: 'validation',
      code: 'organization.settings_invalid',
    });
  });

  it('sets and clears the retention as preferences (null = the platform default)', () => {
    const set = withPreferences(DEFAULT_ORGANIZATION_SETTINGS, { executionRetentionDays: 30, executionLogRetentionDays: 7 });
    expect(set).toEqual({ ...DEFAULT_ORGANIZATION_SETTINGS, executionRetentionDays: 30, executionLogRetentionDays: 7 });
    expect(withPreferences(set, { theme: 'dark' })).toMatchObject({ executionRetentionDays: 30, executionLogRetentionDays: 7 });
    const cleared = withPreferences(set, { executionLogRetentionDays: null });
    expect(cleared).toEqual({ ...DEFAULT_ORGANIZATION_SETTINGS, executionRetentionDays: 30 });
    expect('executionLogRetentionDays' in cleared).toBe(false);
    expect(sameSettings(set, cleared)).toBe(false);
    expect(sameSettings(withPreferences(cleared, { executionLogRetentionDays: 7 }), set)).toBe(true);
  });

  it('compares settings regardless of key order', () => {
    const a = { ...DEFAULT_ORGANIZATION_SETTINGS, limits: { a: 1, b: 2 } };
    expect(sameSettings(a, { ...DEFAULT_ORGANIZATION_SETTINGS, limits: { b: 2, a: 1 } })).toBe(true);
    expect(sameSettings(a, { ...DEFAULT_ORGANIZATION_SETTINGS, limits: { a: 1, b: 3 } })).toBe(false);
  });
});
