import { DeciderSpecification, UserError } from '@weft/kernel';
import { organizationDecider } from './organization-decider.js';
import { type OrganizationEvent } from './organization-events.js';
import { type OrganizationRole } from '../roles.js';
import { admin, at, auditor, command, inOneDay, member, now, orgId, owner, staffed, stranger, tokenHash } from './organization-fixtures.js';

const spec = DeciderSpecification.for(organizationDecider);
const withCode = (code: string) => (error: unknown) => error instanceof UserError && error.code === code;
const invite = (
  actorId: string,
  role: OrganizationRole = 'member',
  overrides: { email?: string; expiresAt?: Date; tokenHash?: string; invitationId?: string } = {},
) => command('InviteMember', { invitationId: 'inv-new', email: ' New@Example.com ', role, tokenHash, expiresAt: inOneDay, ...overrides }, actorId);
const invited: OrganizationEvent = {
  type: 'MemberInvited',
  data: {
    organizationId: orgId,
    invitationId: 'inv-new',
    email: 'new@example.com',
    role: 'member',
    tokenHash,
    expiresAt: inOneDay.toISOString(),
    invitedBy: admin,
    invitedAt: at,
  },
};
const accept = (actorId = 'user-new', overrides: { tokenHash?: string; email?: string; when?: Date } = {}) =>
  command(
    'AcceptInvitation',
    { invitationId: 'inv-new', tokenHash: overrides.tokenHash ?? tokenHash, email: overrides.email ?? 'NEW@example.com' },
    actorId,
    overrides.when,
  );
const accepted: OrganizationEvent = {
  type: 'InvitationAccepted',
  data: { organizationId: orgId, invitationId: 'inv-new', userId: 'user-new', email: 'new@example.com', role: 'member', acceptedAt: at },
};
const revoked: OrganizationEvent = { type: 'InvitationRevoked', data: { organizationId: orgId, invitationId: 'inv-new', revokedBy: owner, revokedAt: at } };

describe('Organization: inviting', () => {
  it('lets an admin invite with a normalised email, the token hash, expiry and inviter', () => {
    spec.given(staffed).when(invite(admin)).then([invited]);
  });

  it('refuses members, auditors and strangers', () => {
    spec.given(staffed).when(invite(member)).thenThrows(withCode('organization.permission_denied'));
    spec.given(staffed).when(invite(auditor)).thenThrows(withCode('organization.permission_denied'));
    spec.given(staffed).when(invite(stranger)).thenThrows(withCode('organization.not_member'));
  });

  it('lets only an owner invite an owner', () => {
    spec.given(staffed).when(invite(admin, 'owner')).thenThrows(withCode('organization.owner_only'));
    expect(spec.given(staffed).when(invite(owner, 'owner')).events()).toHaveLength(1);
  });

  it('refuses a past or far-future expiry, a malformed email and a raw token', () => {
    spec
      .given(staffed)
      .when(invite(owner, 'member', { expiresAt: now }))
      .thenThrows(withCode('organization.invitation_expiry_invalid'));
    spec
      .given(staffed)
      .when(invite(owner, 'member', { expiresAt: new Date('2027-02-01T00:00:00Z') }))
      .thenThrows(withCode('organization.invitation_expiry_invalid'));
    spec
      .given(staffed)
      .when(invite(owner, 'member', { email: 'not-an-email' }))
      .thenThrows(withCode('tenancy.email_invalid'));
    spec
      .given(staffed)
      .when(invite(owner, 'member', { tokenHash: 'weft_inv_rawtoken' }))
      .thenThrows(withCode('tenancy.hash_malformed'));
  });

  it('refuses a second pending invitation for the same email, but not after expiry', () => {
    spec
      .given([...staffed, invited])
      .when(invite(owner, 'member', { invitationId: 'inv-2' }))
      .thenThrows(withCode('organization.invitation_pending'));
    const later = {
      ...invite(owner, 'member', { invitationId: 'inv-2', expiresAt: new Date('2026-12-05T00:00:00Z') }),
      metadata: { commandId: 'c', now: inOneDay, organizationId: orgId, actorId: owner },
    };
    expect(
      spec
        .given([...staffed, invited])
        .when(later)
        .events(),
    ).toHaveLength(1);
  });
});

describe('Organization: accepting', () => {
  it('adds the invited user with the invited role', () => {
    spec
      .given([...staffed, invited])
      .when(accept())
      .then([accepted]);
  });

  it('is single-use', () => {
    spec
      .given([...staffed, invited, accepted])
      .when(accept('user-other'))
      .thenThrows(withCode('organization.invitation_used'));
  });

  it('expires at expiresAt', () => {
    spec
      .given([...staffed, invited])
      .when(accept('user-new', { when: inOneDay }))
      .thenThrows(withCode('organization.invitation_expired'));
  });

  it('treats a wrong token as a missing invitation', () => {
    spec
      .given([...staffed, invited])
      .when(accept('user-new', { tokenHash: 'e'.repeat(64) }))
      .thenThrows(withCode('organization.invitation_not_found'));
  });

  it('is only for the invited address', () => {
    spec
      .given([...staffed, invited])
      .when(accept('user-new', { email: 'someone@example.com' }))
      .thenThrows(withCode('organization.invitation_email_mismatch'));
  });

  it('refuses current members and revoked invitations', () => {
    spec
      .given([...staffed, invited])
      .when(accept(member))
      .thenThrows(withCode('organization.already_member'));
    spec
      .given([...staffed, invited, revoked])
      .when(accept())
      .thenThrows(withCode('organization.invitation_revoked'));
  });
});

describe('Organization: revoking invitations', () => {
  it('lets owners and admins revoke a pending invitation, idempotently', () => {
    spec
      .given([...staffed, invited])
      .when(command('RevokeInvitation', { invitationId: 'inv-new' }, owner))
      .then([revoked]);
    spec
      .given([...staffed, invited, revoked])
      .when(command('RevokeInvitation', { invitationId: 'inv-new' }, owner))
      .then([]);
  });

  it('refuses members, unknown and accepted invitations', () => {
    spec
      .given([...staffed, invited])
      .when(command('RevokeInvitation', { invitationId: 'inv-new' }, member))
      .thenThrows(withCode('organization.permission_denied'));
    spec
      .given(staffed)
      .when(command('RevokeInvitation', { invitationId: 'inv-new' }, owner))
      .thenThrows(withCode('organization.invitation_not_found'));
    spec
      .given([...staffed, invited, accepted])
      .when(command('RevokeInvitation', { invitationId: 'inv-new' }, owner))
      .thenThrows(withCode('organization.invitation_used'));
  });
});
