import { type FieldError, UserError } from '@weft/kernel';

export type Theme = 'light' | 'dark' | 'system';

/** An organization's `settings` (a JSON column in the read model). */
export interface OrganizationSettings {
  /** IANA time zone, e.g. `Europe/Paris`. */
  readonly timezone: string;
  /** BCP 47 language tag: `en`, `pt-BR`, `zh-Hant-TW`. */
  readonly language: string;
  readonly theme: Theme;
  /** Plan limits by name (`maxWorkflows`, ...): non-negative integers. Set by billing only. */
  readonly limits: Readonly<Record<string, number>>;
  /** Plan features by name. Set by billing only. */
  readonly features: Readonly<Record<string, boolean>>;
}

/** What owners and admins may change: the preferences, never the plan's limits or features. */
export type OrganizationPreferences = Partial<Pick<OrganizationSettings, 'timezone' | 'language' | 'theme'>>;

/** What billing sets from the plan; each map is merged key by key. */
export interface OrganizationEntitlements {
  readonly limits?: Readonly<Record<string, number>>;
  readonly features?: Readonly<Record<string, boolean>>;
}

export const DEFAULT_ORGANIZATION_SETTINGS: OrganizationSettings = { timezone: 'UTC', language: 'en', theme: 'system', limits: {}, features: {} };

const THEMES: readonly string[] = ['light', 'dark', 'system'];
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?$/;
const KEY = /^[a-zA-Z][a-zA-Z0-9_]{0,63}$/;
const MAX_KEYS = 64;

/** The problems of `settings`, one per field (`[]` when valid). Time zones are checked against the runtime's IANA data. */
export function settingsProblems(settings: OrganizationSettings): FieldError[] {
  const problems: FieldError[] = [];
  if (!isTimeZone(settings.timezone)) problems.push({ field: 'settings.timezone', message: 'must be an IANA time zone such as Europe/Paris' });
  if (!LANGUAGE_TAG.test(settings.language)) problems.push({ field: 'settings.language', message: 'must be a language tag such as en or pt-BR' });
  if (!THEMES.includes(settings.theme)) problems.push({ field: 'settings.theme', message: 'must be light, dark or system' });
  problems.push(...mapProblems('settings.limits', settings.limits, (value) => Number.isSafeInteger(value) && (value as number) >= 0, 'a non-negative integer'));
  problems.push(...mapProblems('settings.features', settings.features, (value) => typeof value === 'boolean', 'true or false'));
  return problems;
}

/** `settings` when valid, otherwise a `validation` `UserError` (`organization.settings_invalid`) listing every problem. */
export function requireValidSettings(settings: OrganizationSettings): OrganizationSettings {
  const errors = settingsProblems(settings);
  if (errors.length > 0) throw new UserError('validation', 'organization.settings_invalid', 'The organization settings are not valid.', { errors });
  return settings;
}

/** Preferences applied over `current`; unknown keys are dropped so nothing but preferences slips in. */
export function withPreferences(current: OrganizationSettings, preferences: OrganizationPreferences): OrganizationSettings {
  const { timezone, language, theme } = preferences;
  return {
    ...current,
    ...(timezone === undefined ? {} : { timezone }),
    ...(language === undefined ? {} : { language }),
    ...(theme === undefined ? {} : { theme }),
  };
}

/** Entitlements merged key by key over `current`. */
export function withEntitlements(current: OrganizationSettings, entitlements: OrganizationEntitlements): OrganizationSettings {
  return { ...current, limits: { ...current.limits, ...entitlements.limits }, features: { ...current.features, ...entitlements.features } };
}

/** Whether two settings values are the same (key order ignored). */
export function sameSettings(a: OrganizationSettings, b: OrganizationSettings): boolean {
  return canonical(a) === canonical(b);
}

function canonical(settings: OrganizationSettings): string {
  const sorted = (map: Readonly<Record<string, unknown>>) => Object.fromEntries(Object.entries(map).sort(([x], [y]) => (x < y ? -1 : 1)));
  return JSON.stringify([settings.timezone, settings.language, settings.theme, sorted(settings.limits), sorted(settings.features)]);
}

function isTimeZone(timezone: unknown): boolean {
  if (typeof timezone !== 'string' || timezone.length === 0) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

function mapProblems(field: string, map: unknown, valid: (value: unknown) => boolean, expected: string): FieldError[] {
  if (map === null || typeof map !== 'object' || Array.isArray(map)) return [{ field, message: 'must be an object' }];
  const entries = Object.entries(map as Record<string, unknown>);
  if (entries.length > MAX_KEYS) return [{ field, message: `must have at most ${MAX_KEYS} entries` }];
  return entries.flatMap(([key, value]) => {
    if (!KEY.test(key)) return [{ field: `${field}.${key}`, message: 'names are letters, digits and underscores, starting with a letter' }];
    return valid(value) ? [] : [{ field: `${field}.${key}`, message: `must be ${expected}` }];
  });
}
