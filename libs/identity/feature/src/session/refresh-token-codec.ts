import { randomBytes } from 'node:crypto';
import { type IssuedOpaqueToken, OPAQUE_TOKEN_PREFIXES, hashOpaqueToken, issueOpaqueToken, opaqueTokenKind } from '../security/index.js';

const FAMILY_BYTES = 16;
const SECRET_BYTES = 16;

/**
 * A refresh token carries its family (session) id in its first 16 bytes, followed by 128
 * random bits, in the usual `weft_rt_` + 43-character form. So a refresh finds its family
 * stream without any lookup table, and the family's stream version alone decides which
 * of two concurrent refreshes wins. The family id is no secret; the token's hash is what
 * the family must hold, and 128 random bits cannot be guessed.
 */
export function issueRefreshToken(familyId: string, random: (size: number) => Buffer = randomBytes): IssuedOpaqueToken {
  return issueOpaqueToken('refresh', () => Buffer.concat([uuidBytes(familyId), random(SECRET_BYTES)]));
}

/** The family id a well-formed refresh token names, or `undefined` for anything else. */
export function familyIdOf(token: string): string | undefined {
  if (opaqueTokenKind(token) !== 'refresh') return undefined;
  const bytes = Buffer.from(token.slice(OPAQUE_TOKEN_PREFIXES.refresh.length), 'base64url');
  if (bytes.length !== FAMILY_BYTES + SECRET_BYTES) return undefined;
  const hex = bytes.subarray(0, FAMILY_BYTES).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export { hashOpaqueToken as hashRefreshToken };

function uuidBytes(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`Not a UUID: ${uuid}`);
  return Buffer.from(hex, 'hex');
}
