import { createHash } from 'node:crypto';
import { ConfigError } from '@weft/nest';
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
}

export interface IdentityConfigSources {
  /**
   * Where a generated secret comes from when `JWT_SECRET` is unset: the embedded
   * platform persists one in its data folder; distributed services pass nothing and
   * must be configured (their replicas have to share the key).
   */
  readonly generatedSecret?: () => string;
}

const DAY = 24 * 60 * 60;

/** Reads `JWT_SECRET`, `JWT_PREVIOUS_SECRETS`, `JWT_ISSUER`, `JWT_AUDIENCE` and the TTLs. */
export function loadIdentityConfig(env: NodeJS.ProcessEnv, sources: IdentityConfigSources = {}): IdentityConfig {
  const current = secret(env, 'JWT_SECRET') ?? sources.generatedSecret?.();
  if (current === undefined) throw new ConfigError('JWT_SECRET', `must be set to a random secret of at least ${HS256_MIN_SECRET_BYTES} bytes`);
  const previous = (env['JWT_PREVIOUS_SECRETS'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const old of previous) checkLength('JWT_PREVIOUS_SECRETS', old);
  const jwtKeys = [current, ...previous.filter((old) => old !== current)].map((value): JwtKeyInput => ({ kid: kidOf(value), alg: 'HS256', secret: value }));
  const accessTokenTtlSeconds = seconds(env, 'ACCESS_TOKEN_TTL_SECONDS', 15 * 60, 60, DAY);
  const sessionTtlSeconds = seconds(env, 'SESSION_TTL_SECONDS', 30 * DAY, 60, 365 * DAY);
  const refreshTokenTtlSeconds = seconds(env, 'REFRESH_TOKEN_TTL_SECONDS', 14 * DAY, 60, 365 * DAY);
  if (refreshTokenTtlSeconds > sessionTtlSeconds) throw new ConfigError('REFRESH_TOKEN_TTL_SECONDS', 'must not exceed SESSION_TTL_SECONDS');
  return {
    jwtKeys,
    currentKid: kidOf(current),
    issuer: env['JWT_ISSUER'] || 'weft',
    audience: env['JWT_AUDIENCE'] || 'weft-api',
    accessTokenTtlSeconds,
    refreshTokenTtlSeconds,
    sessionTtlSeconds,
  };
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
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(name, `must be an integer number of seconds from ${min} to ${max}, got "${raw}"`);
  return value;
}
