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
    const bad = { timezone: 'Mars/Olympus', language: 'english', theme: 'neon', limits: { maxWorkflows: -1, 'bad key': 1 }, features: { sso: 'yes' } } as unknown as OrganizationSettings;
    expect(fields(bad)).toEqual(['settings.timezone', 'settings.language', 'settings.theme', 'settings.limits.maxWorkflows', 'settings.limits.bad key', 'settings.features.sso']);
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
    expect(withEntitlements(first, { limits: { maxWorkflows: 100 }, features: { sso: true } })).toMatchObject({ limits: { maxWorkflows: 100, maxMembers: 5 }, features: { sso: true } });
  });

  it('compares settings regardless of key order', () => {
    const a = { ...DEFAULT_ORGANIZATION_SETTINGS, limits: { a: 1, b: 2 } };
    expect(sameSettings(a, { ...DEFAULT_ORGANIZATION_SETTINGS, limits: { b: 2, a: 1 } })).toBe(true);
    expect(sameSettings(a, { ...DEFAULT_ORGANIZATION_SETTINGS, limits: { a: 1, b: 3 } })).toBe(false);
  });
});
