import { createHash } from 'node:crypto';
import { isValidEmail, normalizeEmail } from '@weft/identity-domain';
import { ConfigError } from '@weft/config';
import { HS256_MIN_SECRET_BYTES, type JwtKeyInput } from '../security/index.js';

/** Identity's configuration, read once at start-up and validated (see docs/identity-tenancy.md). */
export interface IdentityConfig {
  /** The signing key first, then keys that still verify (rotation). */
  readonly jwtKeys: readonly JwtKeyInput[];
  readonly currentKid: string;
  readonly issuer: string;
  readonly audience: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  /** Absolute lifetime of a login session (a refresh-token family). */
  readonly sessionTtlSeconds: number;
  /** Lifetime of the single-use token of an email verification mail. */
  readonly emailVerificationTtlSeconds: number;
  /** Lifetime of the single-use token of a password-reset mail. */
  readonly passwordResetTtlSeconds: number;
  /** Normalised; whoever registers with it becomes `super_admin` (the bootstrap). `null`: nobody. */
  readonly superAdminEmail: string | null;
}

export interface IdentityConfigSources {
  /**
   * Where a generated secret comes from when `JWT_SECRET` is unset: the embedded
   * platform persists one in its data folder; distributed services pass nothing and
   * must be configured (their replicas have to share the key).
   */
  readonly generatedSecret?: () => string;
}

const HOUR = 60 * 60;
const DAY = 24 * HOUR;

/**
 * Reads `JWT_SECRET`, `JWT_PREVIOUS_SECRETS`, `JWT_ISSUER`, `JWT_AUDIENCE`, the TTLs
 * and `WEFT_SUPER_ADMIN_EMAIL`.
 */
export function loadIdentityConfig(env: NodeJS.ProcessEnv, sources: IdentityConfigSources = {}): IdentityConfig {
  const current = secret(env, 'JWT_SECRET') ?? sources.generatedSecret?.();
  if (current === undefined) throw new ConfigError('JWT_SECRET', `must be set to a random secret of at least ${HS256_MIN_SECRET_BYTES} bytes`);
  const previous = (env['JWT_PREVIOUS_SECRETS'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const old of previous) checkLength('JWT_PREVIOUS_SECRETS', old);
  const jwtKeys = [current, ...previous.filter((old) => old !== current)].map((value): JwtKeyInput => ({ kid: kidOf(value), alg: 'HS256', secret: value }));
  const accessTokenTtlSeconds = seconds(env, 'ACCESS_TOKEN_TTL_SECONDS', 15 * 60, 60, DAY);
  const sessionTtlSeconds = seconds(env, 'SESSION_TTL_SECONDS', 30 * DAY, 60, 365 * DAY);
  const refreshTokenTtlSeconds = seconds(env, 'REFRESH_TOKEN_TTL_SECONDS', 14 * DAY, 60, 365 * DAY);
  if (refreshTokenTtlSeconds > sessionTtlSeconds) throw new ConfigError('REFRESH_TOKEN_TTL_SECONDS', 'must not exceed SESSION_TTL_SECONDS');
  // Mailed tokens travel through inboxes and logs: a verification link may wait a week
  // at most, a reset link (it replaces the password) a day.
  const emailVerificationTtlSeconds = seconds(env, 'EMAIL_VERIFICATION_TTL_SECONDS', DAY, 60, 7 * DAY);
  const passwordResetTtlSeconds = seconds(env, 'PASSWORD_RESET_TTL_SECONDS', HOUR, 60, DAY);
  return {
    jwtKeys,
    currentKid: kidOf(current),
    issuer: env['JWT_ISSUER'] || 'weft',
    audience: env['JWT_AUDIENCE'] || 'weft-api',
    accessTokenTtlSeconds,
    refreshTokenTtlSeconds,
    sessionTtlSeconds,
    emailVerificationTtlSeconds,
    passwordResetTtlSeconds,
    superAdminEmail: superAdminEmail(env),
  };
}

function superAdminEmail(env: NodeJS.ProcessEnv): string | null {
  const raw = env['WEFT_SUPER_ADMIN_EMAIL'];
  if (raw === undefined || raw.trim() === '') return null;
  if (!isValidEmail(raw)) throw new ConfigError('WEFT_SUPER_ADMIN_EMAIL', `must be an email address, got "${raw}"`);
  return normalizeEmail(raw);
}

/**
 * A key id every process derives alike from the secret, so no separate variable has to
 * match it. A 16-hex-digit prefix of a sha256 over a ≥ 256-bit secret gives nothing away.
 */
export function kidOf(secretValue: string): string {
  return `hs-${createHash('sha256').update(`weft-jwt-kid:${secretValue}`).digest('hex').slice(0, 16)}`;
}

function secret(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  checkLength(name, value);
  return value;
}

function checkLength(name: string, value: string): void {
  if (Buffer.byteLength(value, 'utf8') < HS256_MIN_SECRET_BYTES) throw new ConfigError(name, `must hold secrets of at least ${HS256_MIN_SECRET_BYTES} bytes`);
}

function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ConfigError(name, `must be an integer number of seconds from ${min} to ${max}, got "${raw}"`);
  return value;
}
