import { randomBytes } from 'node:crypto';
import { type IssuedToken } from '@weft/identity-domain';
import { UserError } from '@weft/kernel';
import { OPAQUE_TOKEN_BYTES, OPAQUE_TOKEN_PREFIXES, hashOpaqueToken } from '../security/index.js';

/** The single-use tokens mailed to a user. */
export type AccountTokenKind = 'emailVerification' | 'passwordReset';

/** A freshly issued token: `token` goes into the mail only; `issued` goes to the User stream. */
export interface IssuedAccountToken {
  readonly token: string;
  readonly issued: IssuedToken;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RANDOM_PART = /^[A-Za-z0-9_-]{43}$/;

/**
 * `weft_ev_` / `weft_pr_` + the user id + `.` + 32 random bytes in base64url. Like a
 * refresh token naming its family, the token names its User stream, so it is checked
 * by loading that one stream: no table from token hash to user, and nothing secret
 * outside the stream. The user id is no secret; the sha256 over the whole token is what
 * the stream must hold, and 256 random bits cannot be guessed.
 */
export function issueAccountToken(
  kind: AccountTokenKind,
  userId: string,
  now: Date,
  ttlSeconds: number,
  random: (size: number) => Buffer = randomBytes,
): IssuedAccountToken {
  if (!UUID.test(userId)) throw new Error(`Not a lower-case UUID: ${userId}`);
  const token = `${OPAQUE_TOKEN_PREFIXES[kind]}${userId}.${random(OPAQUE_TOKEN_BYTES).toString('base64url')}`;
  return { token, issued: { tokenHash: hashOpaqueToken(token), expiresAt: new Date(now.getTime() + ttlSeconds * 1000) } };
}

/** The user a well-formed token of `kind` names, or `undefined` for anything else. */
export function userIdOfAccountToken(kind: AccountTokenKind, token: string): string | undefined {
  const prefix = OPAQUE_TOKEN_PREFIXES[kind];
  if (!token.startsWith(prefix)) return undefined;
  const [userId, secret, ...rest] = token.slice(prefix.length).split('.');
  if (userId === undefined || secret === undefined || rest.length > 0 || !UUID.test(userId) || !RANDOM_PART.test(secret)) return undefined;
  return userId;
}

export { hashOpaqueToken as hashAccountToken };

const ERROR_CODES: Record<AccountTokenKind, string> = { emailVerification: 'user.verification_token_invalid', passwordReset: 'user.reset_token_invalid' };

/**
 * The 400 for a token that names no user, or is junk: the same code and message as the
 * domain's refusal of a wrong or spent one, so the answers do not tell them apart.
 */
export function invalidAccountToken(kind: AccountTokenKind): UserError {
  return new UserError('validation', ERROR_CODES[kind], 'This link is not valid (or was already used).', {
    errors: [{ field: 'token', message: 'is not valid (or was already used)' }],
  });
}
