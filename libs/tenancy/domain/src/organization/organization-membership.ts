import { UserError, requireSha256Hex } from '@weft/kernel';
import { HASH_MALFORMED, requireEmail } from '../commands.js';
import { type OrganizationRole, type Permission, can } from '../roles.js';
import { type AcceptInvitation, type ChangeMemberRole, type InviteMember, type RemoveMember, type RevokeInvitation } from './organization-commands.js';
import { type OrganizationEvent } from './organization-events.js';
import { type ExistingOrganization, type Member, ownerCount } from './organization-state.js';

/** Longest an invitation may stay valid. */
export const INVITATION_MAX_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** The actor's role, or `forbidden` when the actor is not a member or lacks `permission`. */
export function requirePermission(state: ExistingOrganization, actorId: string, permission: Permission): OrganizationRole {
  const role = state.members[actorId]?.role;
  if (role === undefined) throw new UserError('forbidden', 'organization.not_member', 'You are not a member of this organization.');
  if (!can(role, permission))
    throw new UserError('forbidden', 'organization.permission_denied', `Your role (${role}) does not allow ${permission}.`, { permission });
  return role;
}

export function inviteMember(command: InviteMember, state: ExistingOrganization): OrganizationEvent[] {
  const { actorId, now } = command.metadata;
  const actorRole = requirePermission(state, actorId, 'member:manage');
  const { invitationId, role, expiresAt } = command.data;
  if (role === 'owner' && actorRole !== 'owner') throw new UserError('forbidden', 'organization.owner_only', 'Only an owner may invite an owner.');
  const email = requireEmail(command.data.email);
  const ttl = expiresAt.getTime() - now.getTime();
  if (!(ttl > 0 && ttl <= INVITATION_MAX_TTL_MS))
    throw new UserError('validation', 'organization.invitation_expiry_invalid', 'An invitation must expire within 30 days from now.');
  if (state.invitations[invitationId] !== undefined) throw new UserError('conflict', 'organization.invitation_exists', 'This invitation already exists.');
  const pending = Object.values(state.invitations).some(
    (invitation) => invitation.email === email && invitation.status === 'pending' && Date.parse(invitation.expiresAt) > now.getTime(),
  );
  if (pending) throw new UserError('conflict', 'organization.invitation_pending', `${email} already has a pending invitation; revoke it first.`);
  const tokenHash = requireSha256Hex(command.data.tokenHash, 'tokenHash', HASH_MALFORMED);
  const data = {
    organizationId: state.organizationId,
    invitationId,
    email,
    role,
    tokenHash,
    expiresAt: expiresAt.toISOString(),
    invitedBy: actorId,
    invitedAt: now.toISOString(),
  };
  return [{ type: 'MemberInvited', data }];
}

/** Single-use, unexpired, matching token hash, for the invited address only. */
export function acceptInvitation(command: AcceptInvitation, state: ExistingOrganization): OrganizationEvent[] {
  const { actorId, now } = command.metadata;
  const invitation = state.invitations[command.data.invitationId];
  // A wrong token reads as a missing invitation: nothing to learn by guessing ids.
  if (invitation === undefined || invitation.tokenHash !== command.data.tokenHash)
    throw new UserError('not_found', 'organization.invitation_not_found', 'No such invitation.');
  if (invitation.status === 'accepted') throw new UserError('conflict', 'organization.invitation_used', 'This invitation was already accepted.');
  if (invitation.status === 'revoked') throw new UserError('conflict', 'organization.invitation_revoked', 'This invitation was revoked.');
  if (now.getTime() >= Date.parse(invitation.expiresAt))
    throw new UserError('unprocessable', 'organization.invitation_expired', 'This invitation has expired; ask for a new one.');
  if (requireEmail(command.data.email) !== invitation.email)
    throw new UserError('forbidden', 'organization.invitation_email_mismatch', 'This invitation was sent to another email address.');
  if (state.members[actorId] !== undefined) throw new UserError('conflict', 'organization.already_member', 'You are already a member of this organization.');
  const data = {
    organizationId: state.organizationId,
    invitationId: invitation.invitationId,
    userId: actorId,
    email: invitation.email,
    role: invitation.role,
    acceptedAt: now.toISOString(),
  };
  return [{ type: 'InvitationAccepted', data }];
}

export function revokeInvitation(command: RevokeInvitation, state: ExistingOrganization): OrganizationEvent[] {
  const { actorId, now } = command.metadata;
  requirePermission(state, actorId, 'member:manage');
  const invitation = state.invitations[command.data.invitationId];
  if (invitation === undefined) throw new UserError('not_found', 'organization.invitation_not_found', 'No such invitation.');
  if (invitation.status === 'accepted') throw new UserError('conflict', 'organization.invitation_used', 'This invitation was already accepted.');
  if (invitation.status === 'revoked') return [];
  return [
    {
      type: 'InvitationRevoked',
      data: { organizationId: state.organizationId, invitationId: invitation.invitationId, revokedBy: actorId, revokedAt: now.toISOString() },
    },
  ];
}

/**
 * Owners and admins change roles; only an owner grants or takes away ownership (so an
 * admin can neither promote themselves nor demote an owner); the last owner keeps it.
 * An owner may demote themselves while another owner remains.
 */
export function changeMemberRole(command: ChangeMemberRole, state: ExistingOrganization): OrganizationEvent[] {
  const { actorId, now } = command.metadata;
  const actorRole = requirePermission(state, actorId, 'member:manage');
  const target = requireMember(state, command.data.userId);
  const to = command.data.role;
  if (target.role === to) return [];
  if ((target.role === 'owner' || to === 'owner') && actorRole !== 'owner')
    throw new UserError('forbidden', 'organization.owner_only', 'Only an owner may grant or take away ownership.');
  requireNotLastOwner(state, target);
  return [
    {
      type: 'MemberRoleChanged',
      data: { organizationId: state.organizationId, userId: target.userId, from: target.role, to, changedBy: actorId, changedAt: now.toISOString() },
    },
  ];
}

/** Anyone may leave; owners and admins remove others; only an owner removes an owner; never the last owner. */
export function removeMember(command: RemoveMember, state: ExistingOrganization): OrganizationEvent[] {
  const { actorId, now } = command.metadata;
  const leaving = command.data.userId === actorId;
  // The actor's rights are checked first, so a non-member cannot probe who is a member.
  const actorRole = leaving ? undefined : requirePermission(state, actorId, 'member:manage');
  const target = requireMember(state, command.data.userId);
  if (target.role === 'owner' && actorRole !== undefined && actorRole !== 'owner')
    throw new UserError('forbidden', 'organization.owner_only', 'Only an owner may remove an owner.');
  requireNotLastOwner(state, target);
  const reason = leaving ? ('left' as const) : ('removed' as const);
  return [
    {
      type: 'MemberRemoved',
      data: { organizationId: state.organizationId, userId: target.userId, role: target.role, reason, removedBy: actorId, removedAt: now.toISOString() },
    },
  ];
}

function requireMember(state: ExistingOrganization, userId: string): Member {
  const member = state.members[userId];
  if (member === undefined) throw new UserError('not_found', 'organization.member_not_found', 'No such member.');
  return member;
}

function requireNotLastOwner(state: ExistingOrganization, target: Member): void {
  if (target.role === 'owner' && ownerCount(state) === 1) {
    throw new UserError('conflict', 'organization.last_owner', 'The last owner cannot leave or be demoted; make someone else an owner first.');
  }
}
