import { ConfigError } from '@weft/nest';

/** Tenancy's configuration (see docs/identity-tenancy.md). */
export interface TenancyConfig {
  /** Trial length of a new organization until billing assigns a plan. */
  readonly trialDays: number;
  /** How long an invitation stays valid unless the inviter asks for less. */
  readonly invitationTtlDays: number;
}

/** Reads `TRIAL_DAYS` (default 14) and `INVITATION_TTL_DAYS` (default 7, at most 30). */
export function loadTenancyConfig(env: NodeJS.ProcessEnv): TenancyConfig {
  return { trialDays: days(env, 'TRIAL_DAYS', 14, 0, 365), invitationTtlDays: days(env, 'INVITATION_TTL_DAYS', 7, 1, 30) };
}

function days(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(name, `must be an integer from ${min} to ${max}`);
  return value;
}
