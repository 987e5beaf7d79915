import { DeciderSpecification, UserError, foldEvents } from '@weft/kernel';
import { userDecider } from './user-decider.js';
import { type UserCommand } from './user-commands.js';
import { hashA, hashB, meta, now, otherUserId, registered, userId } from './user-fixtures.js';
import { type UserEvent } from './user-events.js';
import { type PlatformRole } from '../platform-roles.js';

const spec = DeciderSpecification.for(userDecider);
const withCode = (code: string) => (error: unknown) => error instanceof UserError && error.code === code;
const at = now.toISOString();
const asSuperAdmin: UserEvent = { type: 'UserPlatformRoleChanged', data: { userId, from: 'user', to: 'super_admin', changedBy: otherUserId, changedAt: at } };

const changeRole = (actorId: string, actorPlatformRole: PlatformRole, role: PlatformRole): UserCommand => ({
  type: 'ChangePlatformRole',
  data: { role, actorPlatformRole },
  metadata: meta(actorId),
});

describe('User: password change', () => {
  it('changes the password of the user themselves, with the reason', () => {
    spec
      .given([registered])
      .when({ type: 'ChangePassword', data: { passwordHash: hashB, reason: 'rehash' }, metadata: meta(userId) })
      .then([{ type: 'UserPasswordChanged', data: { userId, reason: 'rehash', passwordHash: hashB, changedAt: at } }]);
  });

  it('decides nothing when the hash is unchanged', () => {
    spec
      .given([registered])
      .when({ type: 'ChangePassword', data: { passwordHash: hashA, reason: 'change' }, metadata: meta(userId) })
      .then([]);
  });

  it("refuses to change someone else's password", () => {
    spec
      .given([registered])
      .when({ type: 'ChangePassword', data: { passwordHash: hashB, reason: 'change' }, metadata: meta(otherUserId) })
      .thenThrows(withCode('user.not_self'));
  });
});

describe('User: profile and preferences', () => {
  it('renames, trimming, and decides nothing for the same name', () => {
    spec
      .given([registered])
      .when({ type: 'UpdateProfile', data: { name: ' Ada King ' }, metadata: meta(userId) })
      .then([{ type: 'UserProfileUpdated', data: { userId, name: 'Ada King', updatedAt: at } }]);
    spec
      .given([registered])
      .when({ type: 'UpdateProfile', data: { name: 'Ada Lovelace' }, metadata: meta(userId) })
      .then([]);
  });

  it('keeps the current organization as a preference, and clears it', () => {
    const changed: UserEvent = { type: 'UserCurrentOrganizationChanged', data: { userId, organizationId: 'org-1', changedAt: at } };
    spec
      .given([registered])
      .when({ type: 'ChangeCurrentOrganization', data: { organizationId: 'org-1' }, metadata: meta(userId) })
      .then([changed]);
    spec
      .given([registered, changed])
      .when({ type: 'ChangeCurrentOrganization', data: { organizationId: 'org-1' }, metadata: meta(userId) })
      .then([]);
    spec
      .given([registered, changed])
      .when({ type: 'ChangeCurrentOrganization', data: { organizationId: null }, metadata: meta(userId) })
      .then([{ ...changed, data: { ...changed.data, organizationId: null } } as UserEvent]);
  });

  it("refuses to change another user's preference", () => {
    spec
      .given([registered])
      .when({ type: 'ChangeCurrentOrganization', data: { organizationId: 'org-1' }, metadata: meta(otherUserId) })
      .thenThrows(withCode('user.not_self'));
  });
});

describe('User: platform roles', () => {
  it('lets a super admin change another user’s platform role', () => {
    spec
      .given([registered])
      .when(changeRole(otherUserId, 'super_admin', 'admin'))
      .then([{ type: 'UserPlatformRoleChanged', data: { userId, from: 'user', to: 'admin', changedBy: otherUserId, changedAt: at } }]);
  });

  it('refuses platform admins and plain users', () => {
    spec
      .given([registered])
      .when(changeRole(otherUserId, 'admin', 'admin'))
      .thenThrows(withCode('user.platform_role_forbidden'));
    spec
      .given([registered])
      .when(changeRole(otherUserId, 'user', 'admin'))
      .thenThrows(withCode('user.platform_role_forbidden'));
  });

  it('refuses a change of one’s own platform role, so the last super admin cannot demote themselves', () => {
    spec
      .given([registered, asSuperAdmin])
      .when(changeRole(userId, 'super_admin', 'user'))
      .thenThrows(withCode('user.own_platform_role'));
  });
});

describe('User: platform role from its events', () => {
  it('registers as a plain user and takes the role it was given', () => {
    expect(foldEvents(userDecider, [registered])).toMatchObject({ platformRole: 'user' });
    expect(foldEvents(userDecider, [registered, asSuperAdmin])).toMatchObject({ platformRole: 'super_admin' });
  });
});
