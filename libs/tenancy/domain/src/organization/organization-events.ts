import { type DomainEvent } from '@weft/kernel';
import { type OrganizationRole } from '../roles.js';
import { type OrganizationSettings } from '../settings.js';

// The Organization aggregate's events. @weft/contracts mirrors them field for field
// (tenancy/organization-events.ts), except MemberInvited's tokenHash, which the relay
// strips on publication; change both together.

export type OrganizationCreated = DomainEvent<
  'OrganizationCreated',
  {
    organizationId: string;
    name: string;
    slug: string;
    description: string | null;
    ownerId: string;
    settings: OrganizationSettings;
    subscriptionStatus: 'trial';
    trialStartedAt: string;
    trialEndsAt: string;
    isActive: boolean;
    createdAt: string;
  }
>;
/** Only changed fields are present; `settings` is the whole new value. */
export type OrganizationUpdated = DomainEvent<
  'OrganizationUpdated',
  { organizationId: string; name?: string; description?: string | null; settings?: OrganizationSettings; updatedBy: string; updatedAt: string }
>;
export type MemberInvited = DomainEvent<
  'MemberInvited',
  {
    organizationId: string;
    invitationId: string;
    email: string;
    role: OrganizationRole;
    tokenHash: string;
    expiresAt: string;
    invitedBy: string;
    invitedAt: string;
  }
>;
export type InvitationAccepted = DomainEvent<
  'InvitationAccepted',
  { organizationId: string; invitationId: string; userId: string; email: string; role: OrganizationRole; acceptedAt: string }
>;
export type InvitationRevoked = DomainEvent<'InvitationRevoked', { organizationId: string; invitationId: string; revokedBy: string; revokedAt: string }>;
export type MemberRoleChanged = DomainEvent<
  'MemberRoleChanged',
  { organizationId: string; userId: string; from: OrganizationRole; to: OrganizationRole; changedBy: string; changedAt: string }
>;
export type MemberRemoved = DomainEvent<
  'MemberRemoved',
  { organizationId: string; userId: string; role: OrganizationRole; reason: 'removed' | 'left'; removedBy: string; removedAt: string }
>;

/** Every event of the Organization aggregate. */
export type OrganizationEvent =
  OrganizationCreated | OrganizationUpdated | MemberInvited | InvitationAccepted | InvitationRevoked | MemberRoleChanged | MemberRemoved;
