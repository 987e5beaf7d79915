import { type PlanLimitName } from '@weft/kernel';
import { ConfigError, integerSetting } from '@weft/config';

/** Tenancy's configuration (see docs/identity-tenancy.md). */
export interface TenancyConfig {
  /** Trial length of a new organization until billing assigns a plan. */
  readonly trialDays: number;
  /** How long an invitation stays valid unless the inviter asks for less. */
  readonly invitationTtlDays: number;
  /** Limits for organizations whose settings name none (no plan from billing yet). */
  readonly defaultPlanLimits: Readonly<Partial<Record<PlanLimitName, number>>>;
}

const PLAN_LIMIT_NAMES: readonly PlanLimitName[] = [
  'maxWorkflows',
  'maxCredentials',
  'maxMembers',
  'maxTeams',
  'maxExecutionsPerMonth',
  'maxApiCallsPerHour',
  'maxStorageGb',
];

/**
 * Reads `TRIAL_DAYS` (default 14), `INVITATION_TTL_DAYS` (default 7, at most 30) and
 * `WEFT_DEFAULT_PLAN_LIMITS` (`maxWorkflows=100,maxCredentials=50`; default none: unlimited).
 */
export function loadTenancyConfig(env: NodeJS.ProcessEnv): TenancyConfig {
  return {
    trialDays: integerSetting(env, 'TRIAL_DAYS', 14, 0, 365),
    invitationTtlDays: integerSetting(env, 'INVITATION_TTL_DAYS', 7, 1, 30),
    defaultPlanLimits: planLimits(env, 'WEFT_DEFAULT_PLAN_LIMITS'),
  };
}

function planLimits(env: NodeJS.ProcessEnv, name: string): Partial<Record<PlanLimitName, number>> {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return {};
  const limits: Partial<Record<PlanLimitName, number>> = {};
  for (const entry of raw.split(',')) {
    const [key = '', value = ''] = entry.split('=').map((part) => part.trim());
    if (!(PLAN_LIMIT_NAMES as readonly string[]).includes(key)) throw new ConfigError(name, `"${key}" is not a limit; use ${PLAN_LIMIT_NAMES.join(', ')}`);
    const max = Number(value);
    if (value === '' || !Number.isSafeInteger(max) || max < 0) throw new ConfigError(name, `${key} must be a non-negative integer`);
    limits[key as PlanLimitName] = max;
  }
  return limits;
}
