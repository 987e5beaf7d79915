import { DeciderSpecification, UserError } from '@weft/kernel';
import { type PlatformRole } from '../platform-roles.js';
import { type UserCommand } from './user-commands.js';
import { userDecider } from './user-decider.js';
import { type UserEvent } from './user-events.js';
import { hashB, inOneHour, meta, now, otherUserId, registered, tokenHash, userId } from './user-fixtures.js';

const spec = DeciderSpecification.for(userDecider);
const withCode = (code: string) => (error: unknown) => error instanceof UserError && error.code === code;
const at = now.toISOString();
const superAdminId = otherUserId;

const deactivate = (actorPlatformRole: PlatformRole, reason?: string | null, actorId = superAdminId): UserCommand => ({
  type: 'DeactivateUser',
  data: { actorPlatformRole, reason },
  metadata: meta(actorId),
});
const reactivate = (actorPlatformRole: PlatformRole, actorId = superAdminId): UserCommand => ({
  type: 'ReactivateUser',
  data: { actorPlatformRole },
  metadata: meta(actorId),
});

const deactivated: UserEvent = { type: 'UserDeactivated', data: { userId, reason: null, deactivatedBy: superAdminId, deactivatedAt: at } };
const reactivated: UserEvent = { type: 'UserReactivated', data: { userId, reactivatedBy: superAdminId, reactivatedAt: at } };
const promoted = (to: PlatformRole): UserEvent => ({
  type: 'UserPlatformRoleChanged',
  data: { userId, from: 'user', to, changedBy: superAdminId, changedAt: at },
});

describe('User: deactivation', () => {
  it('lets a super admin deactivate a user, with a trimmed optional reason', () => {
    spec
      .given([registered])
      .when(deactivate('super_admin', '  left the company '))
      .then([{ type: 'UserDeactivated', data: { userId, reason: 'left the company', deactivatedBy: superAdminId, deactivatedAt: at } }]);
    spec.given([registered]).when(deactivate('super_admin')).then([deactivated]);
    spec.given([registered]).when(deactivate('super_admin', '   ')).then([deactivated]);
  });

  it('lets a super admin deactivate platform admins and other super admins', () => {
    spec
      .given([registered, promoted('admin')])
      .when(deactivate('super_admin'))
      .then([deactivated]);
    spec
      .given([registered, promoted('super_admin')])
      .when(deactivate('super_admin'))
      .then([deactivated]);
  });

  it('refuses platform admins and plain users, the account owner included', () => {
    spec.given([registered]).when(deactivate('admin')).thenThrows(withCode('user.deactivation_forbidden'));
    spec.given([registered]).when(deactivate('user')).thenThrows(withCode('user.deactivation_forbidden'));
    spec
      .given([registered])
      .when(deactivate('user', null, userId))
      .thenThrows(withCode('user.deactivation_forbidden'));
  });

  it('refuses a super admin deactivating themselves', () => {
    spec
      .given([registered, promoted('super_admin')])
      .when(deactivate('super_admin', null, userId))
      .thenThrows(withCode('user.own_deactivation'));
  });

  it('decides nothing the second time (idempotent)', () => {
    spec.given([registered, deactivated]).when(deactivate('super_admin', 'again')).then([]);
  });

  it('refuses a reason longer than 500 characters with a field error', () => {
    spec
      .given([registered])
      .when(deactivate('super_admin', 'x'.repeat(501)))
      .thenThrows(withCode('user.deactivation_reason_invalid'));
    expect(
      spec
        .given([registered])
        .when(deactivate('super_admin', 'x'.repeat(500)))
        .events(),
    ).toHaveLength(1);
  });

  it('does not know an unregistered user', () => {
    spec.given([]).when(deactivate('super_admin')).thenThrows(withCode('user.not_found'));
    spec.given([]).when(reactivate('super_admin')).thenThrows(withCode('user.not_found'));
  });

  it('leaves a deactivated account accepting no other command, and voids its pending links', () => {
    spec
      .given([registered, deactivated])
      .when({ type: 'UpdateProfile', data: { name: 'X' }, metadata: meta(userId) })
      .thenThrows(withCode('user.deactivated'));
    spec
      .given([registered, deactivated])
      .when({ type: 'ChangePassword', data: { passwordHash: hashB, reason: 'change' }, metadata: meta(userId) })
      .thenThrows(withCode('user.deactivated'));
    spec
      .given([registered, deactivated])
      .when({ type: 'RequestPasswordReset', data: { tokenHash, expiresAt: inOneHour }, metadata: meta() })
      .thenThrows(withCode('user.deactivated'));
    const resetRequested: UserEvent = { type: 'UserPasswordResetRequested', data: { userId, tokenHash, expiresAt: inOneHour.toISOString(), requestedAt: at } };
    spec
      .given([registered, resetRequested, deactivated, reactivated])
      .when({ type: 'ResetPassword', data: { tokenHash, passwordHash: hashB }, metadata: meta() })
      .thenThrows(withCode('user.reset_token_invalid'));
  });
});

describe('User: reactivation', () => {
  it('lets a super admin reactivate a deactivated account', () => {
    spec.given([registered, deactivated]).when(reactivate('super_admin')).then([reactivated]);
  });

  it('refuses platform admins and plain users', () => {
    spec.given([registered, deactivated]).when(reactivate('admin')).thenThrows(withCode('user.reactivation_forbidden'));
    spec.given([registered, deactivated]).when(reactivate('user', userId)).thenThrows(withCode('user.reactivation_forbidden'));
  });

  it('decides nothing for an active account', () => {
    spec.given([registered]).when(reactivate('super_admin')).then([]);
    spec.given([registered, deactivated, reactivated]).when(reactivate('super_admin')).then([]);
  });

  it('makes the account usable again, and deactivatable again', () => {
    spec
      .given([registered, deactivated, reactivated])
      .when({ type: 'UpdateProfile', data: { name: 'Ada King' }, metadata: meta(userId) })
      .then([{ type: 'UserProfileUpdated', data: { userId, name: 'Ada King', updatedAt: at } }]);
    spec.given([registered, deactivated, reactivated]).when(deactivate('super_admin')).then([deactivated]);
  });
});
