import { createHmac, sign as signWith, timingSafeEqual, verify as verifyWith } from 'node:crypto';
import { UserError } from '@weft/kernel';
import { type JwtKey, type JwtKeyRing } from './jwt-key-ring.js';

/** Registered claims Weft sets and checks, plus whatever the caller adds (role, org...). */
export interface AccessTokenClaims {
  readonly sub: string;
  readonly iat: number;
  readonly exp: number;
  readonly iss?: string;
  readonly aud?: string;
  readonly nbf?: number;
  readonly jti?: string;
  readonly [claim: string]: unknown;
}

export interface AccessTokensOptions {
  readonly keyRing: JwtKeyRing;
  readonly issuer?: string;
  readonly audience?: string;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly clock?: () => number;
  /** Tolerated clock skew between services. Default 0. */
  readonly leewaySeconds?: number;
}

/** The parsed parts of a compact JWS, before any trust. */
export interface DecodedJwt {
  readonly header: { readonly alg?: unknown; readonly kid?: unknown; readonly typ?: unknown; readonly crit?: unknown };
  readonly payload: Record<string, unknown>;
  readonly signingInput: string;
  readonly signature: Buffer;
}

const invalid = (reason: string) => new UserError('unauthorized', 'auth.token_invalid', 'The access token is not valid.', { reason });
const SEGMENT = /^[A-Za-z0-9_-]*$/;

/** Signs and verifies short-lived JWT access tokens with a `JwtKeyRing`. */
export class AccessTokens {
  private readonly clock: () => number;
  private readonly leeway: number;

  constructor(private readonly options: AccessTokensOptions) {
    this.clock = options.clock ?? Date.now;
    this.leeway = options.leewaySeconds ?? 0;
  }

  /** A token for `claims` (at least `sub`), valid `ttlSeconds` from now, signed with the current key. */
  sign(claims: { readonly sub: string; readonly [claim: string]: unknown }, ttlSeconds: number): string {
    if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new Error('ttlSeconds must be a positive integer');
    const key = this.options.keyRing.current;
    const iat = Math.floor(this.clock() / 1000);
    const { issuer: iss, audience: aud } = this.options;
    const payload = { ...claims, iat, exp: iat + ttlSeconds, ...(iss === undefined ? {} : { iss }), ...(aud === undefined ? {} : { aud }) };
    const signingInput = `${b64json({ alg: key.alg, typ: 'JWT', kid: key.kid })}.${b64json(payload)}`;
    return `${signingInput}.${signature(key, signingInput).toString('base64url')}`;
  }

  /**
   * The claims of a valid token; otherwise an `unauthorized` `UserError`
   * (`auth.token_expired`, or `auth.token_invalid` for a malformed token, `alg: none`,
   * an algorithm other than the key's, an unknown `kid`, a bad signature, a wrong
   * issuer or audience, or a token not yet valid).
   */
  verify(token: string): AccessTokenClaims {
    const decoded = decodeJwt(token);
    if (decoded === undefined) throw invalid('malformed');
    // RFC 7515 §4.1.11: extensions we do not understand must not be ignored.
    if (decoded.header.crit !== undefined) throw invalid('crit');
    const key = keyFor(this.options.keyRing, decoded.header);
    if (!signatureMatches(key, decoded.signingInput, decoded.signature)) throw invalid('signature');
    return this.checkClaims(decoded.payload);
  }

  private checkClaims(payload: Record<string, unknown>): AccessTokenClaims {
    const now = Math.floor(this.clock() / 1000);
    const { sub, exp, iat, nbf, iss, aud } = payload;
    if (typeof sub !== 'string' || sub.length === 0 || !isNumericDate(exp) || !isNumericDate(iat)) throw invalid('claims');
    if (now >= exp + this.leeway) throw new UserError('unauthorized', 'auth.token_expired', 'The access token has expired.');
    if (iat > now + this.leeway || (nbf !== undefined && (!isNumericDate(nbf) || nbf > now + this.leeway))) throw invalid('not_yet_valid');
    if (this.options.issuer !== undefined && iss !== this.options.issuer) throw invalid('issuer');
    if (this.options.audience !== undefined && aud !== this.options.audience) throw invalid('audience');
    return payload as AccessTokenClaims;
  }
}

/** Parses a compact JWS without verifying anything; `undefined` when it is not one. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => SEGMENT.test(part))) return undefined;
  const [header, payload, sig] = parts as [string, string, string];
  const headerJson = parseJsonObject(header);
  const payloadJson = parseJsonObject(payload);
  if (headerJson === undefined || payloadJson === undefined) return undefined;
  return { header: headerJson, payload: payloadJson, signingInput: `${header}.${payload}`, signature: Buffer.from(sig, 'base64url') };
}

/**
 * The ring's key for a header: its `kid` must be known and its `alg` must be exactly
 * that key's algorithm (this refuses `none` and HS256-with-a-public-key confusion).
 */
export function keyFor(keyRing: JwtKeyRing, header: DecodedJwt['header']): JwtKey {
  if (typeof header.kid !== 'string') throw invalid('kid_missing');
  const key = keyRing.find(header.kid);
  if (key === undefined) throw invalid('kid_unknown');
  if (header.alg !== key.alg) throw invalid('alg');
  return key;
}

function signature(key: JwtKey & { signingKey: NonNullable<JwtKey['signingKey']> }, signingInput: string): Buffer {
  switch (key.alg) {
    case 'HS256':
      return createHmac('sha256', key.signingKey).update(signingInput).digest();
    case 'ES256':
      return signWith('sha256', Buffer.from(signingInput), { key: key.signingKey, dsaEncoding: 'ieee-p1363' });
  }
}

function signatureMatches(key: JwtKey, signingInput: string, actual: Buffer): boolean {
  switch (key.alg) {
    case 'HS256': {
      const expected = createHmac('sha256', key.verificationKey).update(signingInput).digest();
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    }
    case 'ES256':
      return actual.length === 64 && verifyWith('sha256', Buffer.from(signingInput), { key: key.verificationKey, dsaEncoding: 'ieee-p1363' }, actual);
  }
}

const b64json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const isNumericDate = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function parseJsonObject(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
