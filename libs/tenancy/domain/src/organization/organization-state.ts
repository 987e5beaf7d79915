import { type OrganizationRole } from '../roles.js';
import { type OrganizationSettings } from '../settings.js';
import { type OrganizationEvent } from './organization-events.js';

export interface Member {
  readonly userId: string;
  readonly role: OrganizationRole;
}

export interface Invitation {
  readonly invitationId: string;
  readonly email: string;
  readonly role: OrganizationRole;
  readonly tokenHash: string;
  readonly expiresAt: string;
  readonly invitedBy: string;
  readonly status: 'pending' | 'accepted' | 'revoked';
}

/** An organization that exists. Plain records, so the state serialises as JSON (audit replays). */
export interface ExistingOrganization {
  readonly status: 'active';
  readonly organizationId: string;
  readonly name: string;
  readonly slug: string;
  readonly description: string | null;
  readonly settings: OrganizationSettings;
  readonly members: Readonly<Record<string, Member>>;
  readonly invitations: Readonly<Record<string, Invitation>>;
}

export type OrganizationState = { readonly status: 'none' } | ExistingOrganization;

export const initialOrganizationState = (): OrganizationState => ({ status: 'none' });

/** Applies one event. */
export function evolveOrganization(state: OrganizationState, event: OrganizationEvent): OrganizationState {
  if (event.type === 'OrganizationCreated') {
    const { organizationId, name, slug, description, settings, ownerId } = event.data;
    return { status: 'active', organizationId, name, slug, description, settings, members: { [ownerId]: { userId: ownerId, role: 'owner' } }, invitations: {} };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'OrganizationUpdated': {
      const { name, description, settings } = event.data;
      return {
        ...state,
        name: name ?? state.name,
        description: description === undefined ? state.description : description,
        settings: settings ?? state.settings,
      };
    }
    case 'MemberInvited': {
      const { invitationId, email, role, tokenHash, expiresAt, invitedBy } = event.data;
      return {
        ...state,
        invitations: { ...state.invitations, [invitationId]: { invitationId, email, role, tokenHash, expiresAt, invitedBy, status: 'pending' } },
      };
    }
    case 'InvitationAccepted': {
      const { invitationId, userId, role } = event.data;
      return { ...withInvitationStatus(state, invitationId, 'accepted'), members: { ...state.members, [userId]: { userId, role } } };
    }
    case 'InvitationRevoked':
      return withInvitationStatus(state, event.data.invitationId, 'revoked');
    case 'MemberRoleChanged':
      return { ...state, members: { ...state.members, [event.data.userId]: { userId: event.data.userId, role: event.data.to } } };
    case 'MemberRemoved': {
      const { [event.data.userId]: _removed, ...members } = state.members;
      return { ...state, members };
    }
  }
}

function withInvitationStatus(state: ExistingOrganization, invitationId: string, status: Invitation['status']): ExistingOrganization {
  const invitation = state.invitations[invitationId];
  if (invitation === undefined) return state;
  return { ...state, invitations: { ...state.invitations, [invitationId]: { ...invitation, status } } };
}

/** How many owners the organization has. */
export function ownerCount(state: ExistingOrganization): number {
  return Object.values(state.members).filter((member) => member.role === 'owner').length;
}
