import { type Command, type Decider, type DomainEvent, UserError, requireSha256Hex } from '@weft/kernel';
import { HASH_MALFORMED, requireFuture } from '../commands.js';

/** Why a family of refresh tokens stopped working. */
export type RefreshRevocationReason = 'logout' | 'reuse_detected' | 'password_changed' | 'user_deactivated';

// Internal to identity (they carry token hashes): never published.
export type RefreshTokenFamilyStarted = DomainEvent<
  'RefreshTokenFamilyStarted',
  { familyId: string; userId: string; tokenHash: string; expiresAt: string; familyExpiresAt: string; startedAt: string }
>;
export type RefreshTokenRotated = DomainEvent<
  'RefreshTokenRotated',
  { familyId: string; previousTokenHash: string; tokenHash: string; expiresAt: string; rotatedAt: string }
>;
export type RefreshTokenFamilyRevoked = DomainEvent<
  'RefreshTokenFamilyRevoked',
  { familyId: string; userId: string; reason: RefreshRevocationReason; revokedAt: string }
>;
/** Every event of a refresh-token family (one login session). */
export type RefreshTokenFamilyEvent = RefreshTokenFamilyStarted | RefreshTokenRotated | RefreshTokenFamilyRevoked;

/** At login: the first token of a new family. `familyExpiresAt` caps the whole session. */
export type StartRefreshTokenFamily = Command<
  'StartRefreshTokenFamily',
  { familyId: string; userId: string; tokenHash: string; expiresAt: Date; familyExpiresAt: Date }
>;
/** At refresh: spend `presentedTokenHash`, issue `newTokenHash`. A spent token revokes the family instead. */
export type RotateRefreshToken = Command<'RotateRefreshToken', { presentedTokenHash: string; newTokenHash: string; expiresAt: Date }>;
export type RevokeRefreshTokenFamily = Command<'RevokeRefreshTokenFamily', { reason: Exclude<RefreshRevocationReason, 'reuse_detected'> }>;
export type RefreshTokenFamilyCommand = StartRefreshTokenFamily | RotateRefreshToken | RevokeRefreshTokenFamily;

export type RefreshTokenFamilyState =
  | { readonly status: 'none' }
  | {
      readonly status: 'active' | 'revoked';
      readonly familyId: string;
      readonly userId: string;
      readonly currentTokenHash: string;
      readonly currentExpiresAt: string;
      readonly familyExpiresAt: string;
      readonly spentTokenHashes: readonly string[];
    };

const rejected = (code: string, message: string) => new UserError('unauthorized', code, message);

/**
 * Decides a refresh-token family. Rotation spends the presented token; presenting a
 * token that was already spent means it leaked (or a client raced itself), so the
 * whole family is revoked: that is returned as an event, not thrown, so it gets
 * stored — the caller answers 401 when it sees `RefreshTokenFamilyRevoked`.
 */
export function decideRefreshTokenFamily(command: RefreshTokenFamilyCommand, state: RefreshTokenFamilyState): RefreshTokenFamilyEvent[] {
  const now = command.metadata.now;
  if (command.type === 'StartRefreshTokenFamily') {
    if (state.status !== 'none') throw new UserError('conflict', 'auth.refresh_family_exists', 'This session already exists.');
    const { familyId, userId } = command.data;
    const familyExpiresAt = requireFuture(command.data.familyExpiresAt, now, 'familyExpiresAt', 'auth.refresh_expiry_invalid');
    const expiresAt = earliest(requireFuture(command.data.expiresAt, now, 'expiresAt', 'auth.refresh_expiry_invalid'), familyExpiresAt);
    const tokenHash = requireSha256Hex(command.data.tokenHash, 'tokenHash', HASH_MALFORMED);
    return [{ type: 'RefreshTokenFamilyStarted', data: { familyId, userId, tokenHash, expiresAt, familyExpiresAt, startedAt: now.toISOString() } }];
  }
  if (state.status === 'none') throw rejected('auth.refresh_token_invalid', 'The refresh token is not valid.');
  const revoke = (reason: RefreshRevocationReason): RefreshTokenFamilyEvent[] => [
    { type: 'RefreshTokenFamilyRevoked', data: { familyId: state.familyId, userId: state.userId, reason, revokedAt: now.toISOString() } },
  ];
  switch (command.type) {
    case 'RevokeRefreshTokenFamily':
      return state.status === 'revoked' ? [] : revoke(command.data.reason);
    case 'RotateRefreshToken': {
      const { presentedTokenHash } = command.data;
      if (state.status === 'revoked') throw rejected('auth.refresh_token_revoked', 'This session was revoked; log in again.');
      if (state.spentTokenHashes.includes(presentedTokenHash)) return revoke('reuse_detected');
      if (presentedTokenHash !== state.currentTokenHash) throw rejected('auth.refresh_token_invalid', 'The refresh token is not valid.');
      if (now.getTime() >= Date.parse(state.currentExpiresAt)) throw rejected('auth.refresh_token_expired', 'The refresh token has expired; log in again.');
      const tokenHash = requireSha256Hex(command.data.newTokenHash, 'newTokenHash', HASH_MALFORMED);
      const expiresAt = earliest(requireFuture(command.data.expiresAt, now, 'expiresAt', 'auth.refresh_expiry_invalid'), state.familyExpiresAt);
      return [
        {
          type: 'RefreshTokenRotated',
          data: { familyId: state.familyId, previousTokenHash: presentedTokenHash, tokenHash, expiresAt, rotatedAt: now.toISOString() },
        },
      ];
    }
  }
}

/** Applies one event. */
export function evolveRefreshTokenFamily(state: RefreshTokenFamilyState, event: RefreshTokenFamilyEvent): RefreshTokenFamilyState {
  switch (event.type) {
    case 'RefreshTokenFamilyStarted': {
      const { familyId, userId, tokenHash, expiresAt, familyExpiresAt } = event.data;
      return { status: 'active', familyId, userId, currentTokenHash: tokenHash, currentExpiresAt: expiresAt, familyExpiresAt, spentTokenHashes: [] };
    }
    case 'RefreshTokenRotated':
      if (state.status === 'none') return state;
      return {
        ...state,
        currentTokenHash: event.data.tokenHash,
        currentExpiresAt: event.data.expiresAt,
        spentTokenHashes: [...state.spentTokenHashes, event.data.previousTokenHash],
      };
    case 'RefreshTokenFamilyRevoked':
      return state.status === 'none' ? state : { ...state, status: 'revoked' };
  }
}

/** A refresh-token family (one login session, one stream) as a decider. */
export const refreshTokenFamilyDecider = {
  decide: decideRefreshTokenFamily,
  evolve: evolveRefreshTokenFamily,
  initialState: (): RefreshTokenFamilyState => ({ status: 'none' }),
} satisfies Decider<RefreshTokenFamilyState, RefreshTokenFamilyCommand, RefreshTokenFamilyEvent>;

const earliest = (a: string, b: string) => (Date.parse(a) <= Date.parse(b) ? a : b);
