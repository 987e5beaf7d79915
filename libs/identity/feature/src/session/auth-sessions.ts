import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type ExistingUser,
  type RefreshTokenFamilyCommand,
  type RefreshTokenFamilyState,
  type UserSessionsCommand,
  type UserSessionsRevocationReason,
  refreshTokenFamilyDecider,
  userSessionsDecider,
} from '@weft/identity-domain';
import { type CommandContext, type CommandResult, type EventStreamStore, UserError, commandMetadata, handleCommand, loadState, asUser } from '@weft/kernel';
import { EVENT_STORE, type WrittenPosition } from '@weft/nest';
import { type IdentityConfig } from '../config/identity-config.js';
import { IDENTITY_CONFIG } from '../identity.tokens.js';
import { AccessTokens } from '../security/index.js';
import { refreshFamilyStreamId, userSessionsStreamId } from '../streams/identity-streams.js';
import { type IssuedTokens } from './auth-response.js';
import { familyIdOf, hashRefreshToken, issueRefreshToken } from './refresh-token-codec.js';

/** A started or rotated session: the pair for the client, and where its event landed. */
export interface SessionTokens extends IssuedTokens {
  readonly familyId: string;
  readonly userId: string;
  readonly written: WrittenPosition;
}

const invalidRefreshToken = () => new UserError('unauthorized', 'auth.refresh_token_invalid', 'The refresh token is not valid.');

/**
 * Login sessions as refresh-token families, one event-sourced stream each (the
 * domain's `refreshTokenFamilyDecider`), and the access tokens that go with them.
 * The family stream's expected version serialises concurrent use of one session.
 *
 * Ending every session of a user (a password reset) needs the user's families, and the
 * store reads streams only by id. They are listed in a small per-user stream (the
 * domain's `userSessionsDecider`) rather than in the User stream: a login then never
 * contends with profile or password changes on the User stream's version, the User
 * aggregate's (published) events stay about the account, and the index is internal
 * like the families. A read model would do too, but it lags: a session opened just
 * before the reset could be missed.
 *
 * Each method takes the request's `CommandContext` and the time it was accepted; every
 * command it issues gets its own metadata from the kernel's `commandMetadata`. The
 * session's user is the actor of what a session's own credential does (start, rotate,
 * logout by refresh token); `revokeAll` acts for whoever the caller's context names.
 */
@Injectable()
export class AuthSessions {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly accessTokens: AccessTokens,
  ) {}

  /**
   * A new family for `user` (login, registration). Listed in the user's index first, so
   * no family exists that `revokeAll` cannot find (a crash in between leaves a listed
   * family that never started, which `revokeAll` skips).
   */
  async start(user: ExistingUser, context: CommandContext, now = new Date()): Promise<SessionTokens> {
    const familyId = randomUUID();
    const issued = issueRefreshToken(familyId);
    const acting = asUser(context, user.userId);
    const familyExpiresAt = new Date(now.getTime() + this.config.sessionTtlSeconds * 1000);
    await this.handleIndex(user.userId, {
      type: 'OpenUserSession',
      data: { userId: user.userId, familyId, familyExpiresAt },
      metadata: commandMetadata(acting, now),
    });
    const data = {
      familyId,
      userId: user.userId,
      tokenHash: issued.hash,
      expiresAt: new Date(now.getTime() + this.config.refreshTokenTtlSeconds * 1000),
      familyExpiresAt,
    };
    const result = await this.handle(familyId, { type: 'StartRefreshTokenFamily', data, metadata: commandMetadata(acting, now) });
    return this.tokens(user, familyId, issued.token, result.streamVersion);
  }

  /**
   * Spends `refreshToken` and issues the next one of its family. A spent token revokes
   * the family (stored by the decider) and answers 401, so does any other refusal. The
   * family's user is the actor: the decider writes an event only for a token the family
   * issued (the current one, or a spent one that revokes it).
   */
  async rotate(
    refreshToken: string,
    context: CommandContext,
    now = new Date(),
  ): Promise<{ familyId: string; userId: string; refreshToken: string; streamVersion: number }> {
    const familyId = familyIdOf(refreshToken);
    if (familyId === undefined) throw invalidRefreshToken();
    const family = await this.family(familyId);
    const next = issueRefreshToken(familyId);
    const expiresAt = new Date(now.getTime() + this.config.refreshTokenTtlSeconds * 1000);
    const data = { presentedTokenHash: hashRefreshToken(refreshToken), newTokenHash: next.hash, expiresAt };
    const acting = family.status === 'none' ? context : asUser(context, family.userId);
    const result = await this.handle(familyId, { type: 'RotateRefreshToken', data, metadata: commandMetadata(acting, now) });
    if (result.newEvents.some((event) => event.type === 'RefreshTokenFamilyRevoked')) {
      throw new UserError('unauthorized', 'auth.refresh_token_reused', 'This refresh token was already used, so its session has been revoked; log in again.');
    }
    if (result.state.status !== 'active') throw invalidRefreshToken();
    return { familyId, userId: result.state.userId, refreshToken: next.token, streamVersion: result.streamVersion };
  }

  /**
   * Revokes the family `refreshToken` belongs to. The token must be one the family
   * issued (current or spent): knowing a family id is not enough to end a session.
   */
  async revokeByToken(refreshToken: string, context: CommandContext, now = new Date()): Promise<void> {
    const familyId = familyIdOf(refreshToken);
    if (familyId === undefined) throw invalidRefreshToken();
    const state = await this.family(familyId);
    if (state.status === 'none' || !holdsToken(state, hashRefreshToken(refreshToken))) throw invalidRefreshToken();
    await this.handle(familyId, {
      type: 'RevokeRefreshTokenFamily',
      data: { reason: 'logout' },
      metadata: commandMetadata(asUser(context, state.userId), now),
    });
  }

  /**
   * Revokes a family by id (from a verified access token's `sid`, or a refresh whose user
   * may no longer act), for the actor `context` names. Idempotent.
   */
  async revoke(familyId: string, context: CommandContext, now = new Date()): Promise<void> {
    await this.handle(familyId, { type: 'RevokeRefreshTokenFamily', data: { reason: 'logout' }, metadata: commandMetadata(context, now) });
  }

  /**
   * Revokes every live session of `userId`. The families are revoked before the index
   * records it, so a crash in between leaves them revoked (and listed, harmlessly:
   * revoking is idempotent); families the index's append names beyond those (a login
   * that raced in) are revoked after it. A login that checked the old password while
   * this runs and lists its family after the append keeps its session: that window is
   * the time of two appends.
   */
  async revokeAll(userId: string, reason: UserSessionsRevocationReason, context: CommandContext, now = new Date()): Promise<void> {
    const listed = await loadState(this.store, userSessionsStreamId(userId), userSessionsDecider);
    const live = listed.sessions.filter((session) => Date.parse(session.familyExpiresAt) > now.getTime()).map((session) => session.familyId);
    await Promise.all(live.map((familyId) => this.revokeListed(familyId, reason, context, now)));
    const result = await this.handleIndex(userId, { type: 'RevokeUserSessions', data: { userId, reason }, metadata: commandMetadata(context, now) });
    const named = result.newEvents.flatMap((event) => (event.type === 'UserSessionsRevoked' ? (event.data as { familyIds: string[] }).familyIds : []));
    await Promise.all(named.filter((familyId) => !live.includes(familyId)).map((familyId) => this.revokeListed(familyId, reason, context, now)));
  }

  /** The access token and the pair's expiry for a session of `user`. */
  tokens(user: ExistingUser, familyId: string, refreshToken: string, streamVersion: number): SessionTokens {
    const ttl = this.config.accessTokenTtlSeconds;
    const accessToken = this.accessTokens.sign({ sub: user.userId, role: user.platformRole, sid: familyId }, ttl);
    return { accessToken, refreshToken, expiresIn: ttl, familyId, userId: user.userId, written: { streamId: refreshFamilyStreamId(familyId), streamVersion } };
  }

  private async revokeListed(familyId: string, reason: UserSessionsRevocationReason, context: CommandContext, now: Date): Promise<void> {
    try {
      await this.handle(familyId, { type: 'RevokeRefreshTokenFamily', data: { reason }, metadata: commandMetadata(context, now) });
    } catch (error) {
      // Listed, but its start never got written: there is no session to end.
      if (!(error instanceof UserError && error.code === 'auth.refresh_token_invalid')) throw error;
    }
  }

  private family(familyId: string): Promise<RefreshTokenFamilyState> {
    return loadState(this.store, refreshFamilyStreamId(familyId), refreshTokenFamilyDecider);
  }

  private handleIndex(userId: string, command: UserSessionsCommand) {
    return handleCommand({ store: this.store, streamId: userSessionsStreamId(userId), decider: userSessionsDecider, command });
  }

  private handle(familyId: string, command: RefreshTokenFamilyCommand): Promise<CommandResult<RefreshTokenFamilyState>> {
    return handleCommand({ store: this.store, streamId: refreshFamilyStreamId(familyId), decider: refreshTokenFamilyDecider, command });
  }
}

// A family only ever gains token hashes, so checking before the (monotonic) revocation
// cannot let a token through that the family did not issue.
function holdsToken(state: Exclude<RefreshTokenFamilyState, { status: 'none' }>, tokenHash: string): boolean {
  return state.currentTokenHash === tokenHash || state.spentTokenHashes.includes(tokenHash);
}
