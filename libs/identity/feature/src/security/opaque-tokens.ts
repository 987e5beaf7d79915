import { createHash, randomBytes } from 'node:crypto';

/** Recognisable prefixes, so a leaked token is identifiable (and secret scanners can match it). */
export const OPAQUE_TOKEN_PREFIXES = {
  refresh: 'weft_rt_',
  emailVerification: 'weft_ev_',
  passwordReset: 'weft_pr_',
  invitation: 'weft_inv_',
  apiKey: 'weft_ak_',
} as const;

export type OpaqueTokenKind = keyof typeof OPAQUE_TOKEN_PREFIXES;

/** Random bytes per token: 256 bits, so the sha256 stored can never be brute-forced back. */
export const OPAQUE_TOKEN_BYTES = 32;
/** Characters of the random part shown in lists (`weft_ak_Xy12`). */
export const DISPLAY_PREFIX_CHARS = 4;

/** A freshly issued token: `token` goes to the user once; only `hash` (and `displayPrefix`) are stored. */
export interface IssuedOpaqueToken {
  readonly kind: OpaqueTokenKind;
  readonly token: string;
  /** Lower-case hex sha256 of `token`. */
  readonly hash: string;
  readonly displayPrefix: string;
}

const RANDOM_PART = /^[A-Za-z0-9_-]{43}$/;

/** Issues a token of `kind`: prefix + 32 random bytes in base64url. `random` is injectable for tests. */
export function issueOpaqueToken(kind: OpaqueTokenKind, random: (size: number) => Buffer = randomBytes): IssuedOpaqueToken {
  const prefix = OPAQUE_TOKEN_PREFIXES[kind];
  const token = `${prefix}${random(OPAQUE_TOKEN_BYTES).toString('base64url')}`;
  return { kind, token, hash: hashOpaqueToken(token), displayPrefix: token.slice(0, prefix.length + DISPLAY_PREFIX_CHARS) };
}

/** The sha256 (lower-case hex) stored for, and looked up by, a token. */
export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The kind of a well-formed token, or `undefined`: lets callers reject junk before any lookup. */
export function opaqueTokenKind(token: string): OpaqueTokenKind | undefined {
  for (const [kind, prefix] of Object.entries(OPAQUE_TOKEN_PREFIXES) as [OpaqueTokenKind, string][]) {
    if (token.startsWith(prefix) && RANDOM_PART.test(token.slice(prefix.length))) return kind;
  }
  return undefined;
}
