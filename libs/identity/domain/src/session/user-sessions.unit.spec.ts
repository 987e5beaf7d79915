import { DeciderSpecification, UserError } from '@weft/kernel';
import { type UserSessionsCommand, type UserSessionsEvent, userSessionsDecider } from './user-sessions.js';

const spec = DeciderSpecification.for(userSessionsDecider);
const t0 = new Date('2026-11-29T10:00:00.000Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);
const meta = (now: Date) => ({ commandId: 'cmd', now });
const userId = 'user-1';

const opened = (familyId: string, at: Date, expiresAt: Date): UserSessionsEvent => ({
  type: 'UserSessionOpened',
  data: { userId, familyId, familyExpiresAt: expiresAt.toISOString(), openedAt: at.toISOString() },
});
const open = (familyId: string, now: Date, expiresAt: Date): UserSessionsCommand => ({
  type: 'OpenUserSession',
  data: { userId, familyId, familyExpiresAt: expiresAt },
  metadata: meta(now),
});
const revokeAll = (now: Date): UserSessionsCommand => ({ type: 'RevokeUserSessions', data: { userId, reason: 'password_changed' }, metadata: meta(now) });

describe('a user’s session index', () => {
  it('lists a session when it opens, once', () => {
    spec
      .given([])
      .when(open('fam-1', t0, minutes(60)))
      .then([opened('fam-1', t0, minutes(60))]);
    spec
      .given([opened('fam-1', t0, minutes(60))])
      .when(open('fam-1', t0, minutes(60)))
      .then([]);
  });

  it('refuses a session that is already expired', () => {
    spec
      .given([])
      .when(open('fam-1', t0, t0))
      .thenThrows((error) => error instanceof UserError && error.code === 'auth.refresh_expiry_invalid');
  });

  it('revokes every live session at once, leaving out the expired ones', () => {
    const given = [opened('fam-1', t0, minutes(30)), opened('fam-2', minutes(1), minutes(120)), opened('fam-3', minutes(2), minutes(120))];
    spec
      .given(given)
      .when(revokeAll(minutes(60)))
      .then([
        { type: 'UserSessionsRevoked', data: { userId, familyIds: ['fam-2', 'fam-3'], reason: 'password_changed', revokedAt: minutes(60).toISOString() } },
      ]);
  });

  it('forgets revoked sessions, so a second revocation names only sessions opened since', () => {
    const revoked: UserSessionsEvent = {
      type: 'UserSessionsRevoked',
      data: { userId, familyIds: ['fam-1'], reason: 'password_changed', revokedAt: minutes(5).toISOString() },
    };
    spec
      .given([opened('fam-1', t0, minutes(60)), revoked])
      .when(revokeAll(minutes(6)))
      .then([]);
    const events = spec
      .given([opened('fam-1', t0, minutes(60)), revoked, opened('fam-2', minutes(7), minutes(60))])
      .when(revokeAll(minutes(8)))
      .events();
    expect(events.map((event) => event.type === 'UserSessionsRevoked' && event.data.familyIds)).toEqual([['fam-2']]);
  });

  it('drops expired sessions from its state as new ones open', () => {
    const state = [opened('fam-1', t0, minutes(10)), opened('fam-2', minutes(20), minutes(60))].reduce(
      userSessionsDecider.evolve,
      userSessionsDecider.initialState(),
    );
    expect(state.sessions).toEqual([{ familyId: 'fam-2', familyExpiresAt: minutes(60).toISOString() }]);
  });
});
