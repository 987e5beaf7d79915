import { type FieldSpec, problemsOf } from '../shape.js';
import {
  InvitationAcceptedSchemaVersion,
  InvitationRevokedSchemaVersion,
  MemberInvitedSchemaVersion,
  MemberRemovedSchemaVersion,
  MemberRoleChangedSchemaVersion,
  OrganizationCreatedSchemaVersion,
  OrganizationUpdatedSchemaVersion,
  type PublicOrganizationEvent,
} from './organization-events.js';
import {
  type PublicTeamEvent,
  TeamCreatedSchemaVersion,
  TeamDeletedSchemaVersion,
  TeamMemberAddedSchemaVersion,
  TeamMemberRemovedSchemaVersion,
  TeamUpdatedSchemaVersion,
} from './team-events.js';

/** Every public event of the tenancy context. */
export type PublicTenancyEvent = PublicOrganizationEvent | PublicTeamEvent;

/** The type names of the tenancy context's public events. */
export type PublicTenancyEventType = PublicTenancyEvent['type'];

const org = { organizationId: 'string' } as const;
const team = { teamId: 'string', organizationId: 'string' } as const;

const tenancyEventSpecs: Readonly<Record<PublicTenancyEventType, FieldSpec>> = {
  OrganizationCreated: {
    ...org,
    name: 'string',
    slug: 'string',
    description: 'string|null',
    ownerId: 'string',
    settings: 'object',
    subscriptionStatus: 'string',
    trialStartedAt: 'string',
    trialEndsAt: 'string',
    isActive: 'boolean',
    createdAt: 'string',
  },
  OrganizationUpdated: { ...org, name: 'string?', description: 'string|null?', settings: 'object?', updatedBy: 'string', updatedAt: 'string' },
  MemberInvited: { ...org, invitationId: 'string', email: 'string', role: 'string', expiresAt: 'string', invitedBy: 'string', invitedAt: 'string' },
  InvitationAccepted: { ...org, invitationId: 'string', userId: 'string', email: 'string', role: 'string', acceptedAt: 'string' },
  InvitationRevoked: { ...org, invitationId: 'string', revokedBy: 'string', revokedAt: 'string' },
  MemberRoleChanged: { ...org, userId: 'string', from: 'string', to: 'string', changedBy: 'string', changedAt: 'string' },
  MemberRemoved: { ...org, userId: 'string', role: 'string', reason: 'string', removedBy: 'string', removedAt: 'string' },
  TeamCreated: {
    ...team,
    name: 'string',
    slug: 'string',
    description: 'string|null',
    color: 'string',
    settings: 'object',
    createdBy: 'string',
    createdAt: 'string',
  },
  TeamUpdated: { ...team, name: 'string?', description: 'string|null?', color: 'string?', settings: 'object?', updatedBy: 'string', updatedAt: 'string' },
  TeamDeleted: { ...team, deletedBy: 'string', deletedAt: 'string' },
  TeamMemberAdded: { ...team, userId: 'string', role: 'string', addedBy: 'string', addedAt: 'string' },
  TeamMemberRemoved: { ...team, userId: 'string', removedBy: 'string', removedAt: 'string' },
};

/** Schema version of each tenancy event type, as published. */
export const tenancyEventSchemaVersions: Readonly<Record<PublicTenancyEventType, number>> = {
  OrganizationCreated: OrganizationCreatedSchemaVersion,
  OrganizationUpdated: OrganizationUpdatedSchemaVersion,
  MemberInvited: MemberInvitedSchemaVersion,
  InvitationAccepted: InvitationAcceptedSchemaVersion,
  InvitationRevoked: InvitationRevokedSchemaVersion,
  MemberRoleChanged: MemberRoleChangedSchemaVersion,
  MemberRemoved: MemberRemovedSchemaVersion,
  TeamCreated: TeamCreatedSchemaVersion,
  TeamUpdated: TeamUpdatedSchemaVersion,
  TeamDeleted: TeamDeletedSchemaVersion,
  TeamMemberAdded: TeamMemberAddedSchemaVersion,
  TeamMemberRemoved: TeamMemberRemovedSchemaVersion,
};

/** True for the type names of public tenancy events. */
export function isPublicTenancyEventType(type: string): type is PublicTenancyEventType {
  return Object.hasOwn(tenancyEventSpecs, type);
}

/** Problems of an event against the tenancy contracts (`[]` when valid); run on produce and consume. */
export function validateTenancyEvent(event: { readonly type: string; readonly data: unknown }): string[] {
  if (!isPublicTenancyEventType(event.type)) return [`${event.type} is not a public tenancy event`];
  return problemsOf(event.data, tenancyEventSpecs[event.type]);
}
