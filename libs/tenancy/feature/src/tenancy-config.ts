import { type PlanLimitName } from '@weft/kernel';
import { ConfigError } from '@weft/nest';

/** Tenancy's configuration (see docs/identity-tenancy.md). */
export interface TenancyConfig {
  /** Trial length of a new organization until billing assigns a plan. */
  readonly trialDays: number;
  /** How long an invitation stays valid unless the inviter asks for less. */
  readonly invitationTtlDays: number;
  /** Limits for organizations whose settings name none (no plan from billing yet). */
  readonly defaultPlanLimits: Readonly<Partial<Record<PlanLimitName, number>>>;
}

const PLAN_LIMIT_NAMES: readonly PlanLimitName[] = ['maxWorkflows', 'maxCredentials', 'maxMembers', 'maxTeams', 'maxExecutionsPerMonth', 'maxApiCallsPerHour'];

/**
 * Reads `TRIAL_DAYS` (default 14), `INVITATION_TTL_DAYS` (default 7, at most 30) and
 * `WEFT_DEFAULT_PLAN_LIMITS` (`maxWorkflows=100,maxCredentials=50`; default none: unlimited).
 */
export function loadTenancyConfig(env: NodeJS.ProcessEnv): TenancyConfig {
  return {
    trialDays: days(env, 'TRIAL_DAYS', 14, 0, 365),
    invitationTtlDays: days(env, 'INVITATION_TTL_DAYS', 7, 1, 30),
    defaultPlanLimits: planLimits(env, 'WEFT_DEFAULT_PLAN_LIMITS'),
  };
}

function days(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(name, `must be an integer from ${min} to ${max}`);
  return value;
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
