import { randomUUID } from 'node:crypto';
import { type ExistingUser } from '@weft/identity-domain';
import { type CommandContext, type RecordedEvent, UserError } from '@weft/kernel';
import { MemoryEventStreamStore } from '@weft/testing';
import { loadIdentityConfig } from '../config/identity-config.js';
import { AccessTokens, JwtKeyRing } from '../security/index.js';
import { refreshFamilyStreamId, userSessionsStreamId } from '../streams/identity-streams.js';
import { AuthSessions } from './auth-sessions.js';

// Sessions' events carry who acted and from where, like every identity event: the
// session's user for what its own credential does, whoever the context names otherwise.

const config = loadIdentityConfig({ JWT_SECRET: 's'.repeat(32) });
const origin = { correlationId: 'req-1', clientIp: '203.0.113.7', userAgent: 'weft-cli/1.0' } satisfies CommandContext;

function setUp() {
  const store = new MemoryEventStreamStore();
  const keyRing = new JwtKeyRing(config.jwtKeys, config.currentKid);
  const sessions = new AuthSessions(store, config, new AccessTokens({ keyRing, issuer: config.issuer, audience: config.audience }));
  const user = { userId: randomUUID(), platformRole: 'user' } as ExistingUser;
  const metadataOf = async (streamId: string): Promise<RecordedEvent['metadata'][]> => (await store.readStream(streamId)).map((event) => event.metadata);
  return { sessions, user, metadataOf };
}

const actedBy = (userId: string) => ({ actorType: 'user', actorId: userId, clientIp: origin.clientIp, userAgent: origin.userAgent, correlationId: 'req-1' });

describe('the metadata of session events', () => {
  it('names the user as the actor of a new session, from the request’s origin, each command its own cause', async () => {
    const { sessions, user, metadataOf } = setUp();
    const session = await sessions.start(user, origin);
    const [opened] = await metadataOf(userSessionsStreamId(user.userId));
    const [started] = await metadataOf(refreshFamilyStreamId(session.familyId));
    expect(opened).toMatchObject(actedBy(user.userId));
    expect(started).toMatchObject(actedBy(user.userId));
    expect(opened?.causationId).not.toBe(started?.causationId);
  });

  it('names the family’s user as the actor of a refresh and a logout by refresh token, though the route is public', async () => {
    const { sessions, user, metadataOf } = setUp();
    const session = await sessions.start(user, origin);
    const rotated = await sessions.rotate(session.refreshToken, origin);
    await sessions.revokeByToken(rotated.refreshToken, origin);
    const [, rotation, revocation] = await metadataOf(refreshFamilyStreamId(session.familyId));
    expect(rotation).toMatchObject(actedBy(user.userId));
    expect(revocation).toMatchObject(actedBy(user.userId));
  });

  it('writes nothing for a token the family never issued', async () => {
    const { sessions, user, metadataOf } = setUp();
    const session = await sessions.start(user, origin);
    const forged = `${session.refreshToken.slice(0, -4)}AAAA`;
    await expect(sessions.rotate(forged, origin)).rejects.toBeInstanceOf(UserError);
    expect(await metadataOf(refreshFamilyStreamId(session.familyId))).toHaveLength(1);
  });

  it('names whoever the context names when every session is revoked (a super admin deactivating the user)', async () => {
    const { sessions, user, metadataOf } = setUp();
    const session = await sessions.start(user, origin);
    const admin = randomUUID();
    await sessions.revokeAll(user.userId, 'user_deactivated', { ...origin, actor: { type: 'user', id: admin } });
    const [, revoked] = await metadataOf(refreshFamilyStreamId(session.familyId));
    const [, indexRevoked] = await metadataOf(userSessionsStreamId(user.userId));
    expect(revoked).toMatchObject(actedBy(admin));
    expect(indexRevoked).toMatchObject(actedBy(admin));
  });
});
