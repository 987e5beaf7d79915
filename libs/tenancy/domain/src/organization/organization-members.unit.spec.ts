import fc from 'fast-check';
import { DeciderSpecification, UserError, foldEvents } from '@weft/kernel';
import { organizationDecider } from './organization-decider.js';
import { type OrganizationEvent } from './organization-events.js';
import { type OrganizationRole } from '../roles.js';
import { type ExistingOrganization, ownerCount } from './organization-state.js';
import { admin, at, auditor, command, joined, member, orgId, owner, staffed, stranger } from './organization-fixtures.js';

const spec = DeciderSpecification.for(organizationDecider);
const withCode = (code: string) => (error: unknown) => error instanceof UserError && error.code === code;
const changeRole = (actorId: string, userId: string, role: OrganizationRole) => command('ChangeMemberRole', { userId, role }, actorId);
const remove = (actorId: string, userId: string) => command('RemoveMember', { userId }, actorId);
const roleChanged = (userId: string, from: OrganizationRole, to: OrganizationRole, changedBy: string): OrganizationEvent => ({
  type: 'MemberRoleChanged',
  data: { organizationId: orgId, userId, from, to, changedBy, changedAt: at },
});
const withSecondOwner = [...staffed, ...joined('user-owner2', 'owner')];

describe('Organization: role changes', () => {
  it('lets an admin change a member’s role', () => {
    spec
      .given(staffed)
      .when(changeRole(admin, member, 'auditor'))
      .then([roleChanged(member, 'member', 'auditor', admin)]);
  });

  it('decides nothing for the same role', () => {
    spec
      .given(staffed)
      .when(changeRole(admin, member, 'member'))
      .then([]);
  });

  it('lets only owners grant or take away ownership', () => {
    spec
      .given(staffed)
      .when(changeRole(admin, admin, 'owner'))
      .thenThrows(withCode('organization.owner_only'));
    spec
      .given(withSecondOwner)
      .when(changeRole(admin, 'user-owner2', 'member'))
      .thenThrows(withCode('organization.owner_only'));
    spec
      .given(staffed)
      .when(changeRole(owner, admin, 'owner'))
      .then([roleChanged(admin, 'admin', 'owner', owner)]);
  });

  it('never demotes the last owner, not even by themselves', () => {
    spec
      .given(staffed)
      .when(changeRole(owner, owner, 'admin'))
      .thenThrows(withCode('organization.last_owner'));
  });

  it('lets an owner step down while another owner remains', () => {
    spec
      .given(withSecondOwner)
      .when(changeRole(owner, owner, 'admin'))
      .then([roleChanged(owner, 'owner', 'admin', owner)]);
  });

  it('refuses members, auditors, strangers and unknown targets', () => {
    spec
      .given(staffed)
      .when(changeRole(member, auditor, 'member'))
      .thenThrows(withCode('organization.permission_denied'));
    spec
      .given(staffed)
      .when(changeRole(auditor, auditor, 'admin'))
      .thenThrows(withCode('organization.permission_denied'));
    spec
      .given(staffed)
      .when(changeRole(stranger, member, 'admin'))
      .thenThrows(withCode('organization.not_member'));
    spec
      .given(staffed)
      .when(changeRole(owner, stranger, 'admin'))
      .thenThrows(withCode('organization.member_not_found'));
  });
});

describe('Organization: removal and leaving', () => {
  const removed = (userId: string, role: OrganizationRole, by: string, reason: 'removed' | 'left'): OrganizationEvent => ({
    type: 'MemberRemoved',
    data: { organizationId: orgId, userId, role, reason, removedBy: by, removedAt: at },
  });

  it('lets admins remove members and anyone leave', () => {
    spec
      .given(staffed)
      .when(remove(admin, member))
      .then([removed(member, 'member', admin, 'removed')]);
    spec
      .given(staffed)
      .when(remove(auditor, auditor))
      .then([removed(auditor, 'auditor', auditor, 'left')]);
  });

  it('keeps the last owner: they cannot leave', () => {
    spec.given(staffed).when(remove(owner, owner)).thenThrows(withCode('organization.last_owner'));
    spec
      .given(withSecondOwner)
      .when(remove(owner, owner))
      .then([removed(owner, 'owner', owner, 'left')]);
  });

  it('lets only an owner remove an owner', () => {
    spec.given(withSecondOwner).when(remove(admin, 'user-owner2')).thenThrows(withCode('organization.owner_only'));
    spec
      .given(withSecondOwner)
      .when(remove(owner, 'user-owner2'))
      .then([removed('user-owner2', 'owner', owner, 'removed')]);
  });

  it('refuses members removing others, and strangers probing membership', () => {
    spec.given(staffed).when(remove(member, auditor)).thenThrows(withCode('organization.permission_denied'));
    spec.given(staffed).when(remove(stranger, 'user-nobody')).thenThrows(withCode('organization.not_member'));
    spec.given(staffed).when(remove(owner, 'user-nobody')).thenThrows(withCode('organization.member_not_found'));
  });
});

describe('Organization: the owner invariant (property)', () => {
  const people = [owner, admin, member, auditor, 'user-owner2'];
  const roles: OrganizationRole[] = ['owner', 'admin', 'member', 'auditor'];
  const anyCommand = fc.oneof(
    fc.record({ kind: fc.constant('role' as const), actor: fc.constantFrom(...people), target: fc.constantFrom(...people), role: fc.constantFrom(...roles) }),
    fc.record({ kind: fc.constant('remove' as const), actor: fc.constantFrom(...people), target: fc.constantFrom(...people) }),
  );

  it('always keeps at least one owner, whatever sequence of role changes and removals is tried', () => {
    fc.assert(
      fc.property(fc.array(anyCommand, { maxLength: 25 }), (attempts) => {
        let history: OrganizationEvent[] = [...withSecondOwner];
        for (const attempt of attempts) {
          const next = attempt.kind === 'role' ? changeRole(attempt.actor, attempt.target, attempt.role) : remove(attempt.actor, attempt.target);
          try {
            history = [...history, ...spec.given(history).when(next).events()];
          } catch (error) {
            if (!(error instanceof UserError)) throw error;
          }
          expect(ownerCount(foldEvents(organizationDecider, history) as ExistingOrganization)).toBeGreaterThanOrEqual(1);
        }
      }),
    );
  });
});
