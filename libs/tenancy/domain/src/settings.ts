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
  /** Days execution data (runs, stored payloads) is kept; absent = the platform's EXECUTION_RETENTION_DAYS. */
  readonly executionRetentionDays?: number;
  /** Days node logs are kept; absent = the platform's EXECUTION_LOG_RETENTION_DAYS. Never longer than `executionRetentionDays`. */
  readonly executionLogRetentionDays?: number;
}

/** The retention settings, in days. */
export type RetentionSetting = 'executionRetentionDays' | 'executionLogRetentionDays';
export const RETENTION_SETTINGS: readonly RetentionSetting[] = ['executionRetentionDays', 'executionLogRetentionDays'];
/** Bounds of a retention setting, in days (the platform's EXECUTION_RETENTION_DAYS has the same). */
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 3650;

/**
 * What owners and admins may change: the preferences and the retention, never the plan's
 * limits or features. A retention of `null` removes the organization's own value (back
 * to the platform default).
 */
export type OrganizationPreferences = Partial<Pick<OrganizationSettings, 'timezone' | 'language' | 'theme'>> & {
  readonly executionRetentionDays?: number | null;
  readonly executionLogRetentionDays?: number | null;
};

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
  problems.push(...retentionProblems(settings));
  return problems;
}

/**
 * The problems of the retention settings: each an integer from 1 to 3650 days when
 * present, and logs kept no longer than executions when both are set (when only one is
 * set the other is the platform's default, which tenancy does not know: the retention
 * job then keeps logs at most as long as their executions).
 */
export function retentionProblems(settings: Pick<OrganizationSettings, RetentionSetting>): FieldError[] {
  const problems: FieldError[] = [];
  for (const name of RETENTION_SETTINGS) {
    const value: unknown = settings[name];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || (value as number) < MIN_RETENTION_DAYS || (value as number) > MAX_RETENTION_DAYS) {
      problems.push({ field: `settings.${name}`, message: `must be a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}` });
    }
  }
  const { executionRetentionDays: executions, executionLogRetentionDays: logs } = settings;
  if (problems.length === 0 && executions !== undefined && logs !== undefined && logs > executions) {
    problems.push({ field: 'settings.executionLogRetentionDays', message: `must not be longer than executionRetentionDays (${executions} days)` });
  }
  return problems;
}

const isRetentionField = (problem: FieldError) => RETENTION_SETTINGS.some((name) => problem.field === `settings.${name}`);

/**
 * `settings` when valid, otherwise a `UserError` listing every problem: `validation`
 * (`organization.settings_invalid`, 400), or `unprocessable` (`organization.retention_invalid`,
 * 422) when the only problems are the retention values.
 */
export function requireValidSettings(settings: OrganizationSettings): OrganizationSettings {
  const errors = settingsProblems(settings);
  if (errors.length === 0) return settings;
  if (errors.every(isRetentionField))
    throw new UserError('unprocessable', 'organization.retention_invalid', 'The organization retention settings are not valid.', { errors });
  throw new UserError('validation', 'organization.settings_invalid', 'The organization settings are not valid.', { errors });
}

/**
 * Preferences applied over `current`; unknown keys are dropped so nothing but preferences
 * slips in. A retention of `null` removes the organization's own value.
 */
export function withPreferences(current: OrganizationSettings, preferences: OrganizationPreferences): OrganizationSettings {
  const { timezone, language, theme } = preferences;
  const next: Record<string, unknown> = {
    ...current,
    ...(timezone === undefined ? {} : { timezone }),
    ...(language === undefined ? {} : { language }),
    ...(theme === undefined ? {} : { theme }),
  };
  for (const name of RETENTION_SETTINGS) {
    const value = preferences[name];
    if (value === null) delete next[name];
    else if (value !== undefined) next[name] = value;
  }
  return next as unknown as OrganizationSettings;
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
  return JSON.stringify([
    settings.timezone,
    settings.language,
    settings.theme,
    sorted(settings.limits),
    sorted(settings.features),
    settings.executionRetentionDays ?? null,
    settings.executionLogRetentionDays ?? null,
  ]);
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
