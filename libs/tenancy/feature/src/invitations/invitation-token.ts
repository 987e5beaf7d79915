import { createHash, randomBytes } from 'node:crypto';

// The platform's invitation prefix (identity's opaque tokens use the same), so secret scanners match it.
const PREFIX = 'weft_inv_';
const UUID_HEX = /^([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/;

export interface InvitationToken {
  readonly token: string;
  /** sha256 hex of the whole token: all the Organization stream keeps. */
  readonly tokenHash: string;
}

/**
 * `weft_inv_` + base64url(organization id ‖ invitation id ‖ 32 random bytes). The ids let
 * `POST /invitations/{token}/accept` load the right Organization stream without a
 * lookup table of tokens; the random part is what makes the token unguessable, and
 * only its hash is stored.
 */
export function issueInvitationToken(organizationId: string, invitationId: string): InvitationToken {
  const bytes = Buffer.concat([uuidBytes(organizationId), uuidBytes(invitationId), randomBytes(32)]);
  const token = `${PREFIX}${bytes.toString('base64url')}`;
  return { token, tokenHash: hashInvitationToken(token) };
}

export const hashInvitationToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** The ids inside a token, or `undefined` for anything this platform did not issue. */
export function readInvitationToken(token: string): { organizationId: string; invitationId: string } | undefined {
  if (!token.startsWith(PREFIX)) return undefined;
  const bytes = Buffer.from(token.slice(PREFIX.length), 'base64url');
  if (bytes.length !== 64 || bytes.toString('base64url') !== token.slice(PREFIX.length)) return undefined;
  return { organizationId: uuidOf(bytes.subarray(0, 16)), invitationId: uuidOf(bytes.subarray(16, 32)) };
}

function uuidBytes(uuid: string): Buffer {
  const hex = uuid.replaceAll('-', '').toLowerCase();
  if (!UUID_HEX.test(hex)) throw new Error(`not a uuid: ${uuid}`);
  return Buffer.from(hex, 'hex');
}

function uuidOf(bytes: Buffer): string {
  return bytes.toString('hex').replace(UUID_HEX, '$1-$2-$3-$4-$5');
}
