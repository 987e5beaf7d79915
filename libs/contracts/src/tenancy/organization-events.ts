import { type PublicEvent } from '../public-event.js';

/** Organization membership roles. */
export type OrganizationRole = 'owner' | 'admin' | 'member' | 'auditor';

/** `settings` of an organization (JSON in the read model). */
export interface OrganizationSettings {
  /** IANA time zone, e.g. `Europe/Paris`. */
  readonly timezone: string;
  /** BCP 47 language tag, e.g. `en` or `pt-BR`. */
  readonly language: string;
  readonly theme: 'light' | 'dark' | 'system';
  /** Non-negative integer limits by name (`maxWorkflows`, ...). */
  readonly limits: Readonly<Record<string, number>>;
  /** Feature flags by name. */
  readonly features: Readonly<Record<string, boolean>>;
  /** Days execution data is kept (1-3650); absent = the platform default (EXECUTION_RETENTION_DAYS). */
  readonly executionRetentionDays?: number;
  /** Days node logs are kept (1-3650, at most `executionRetentionDays`); absent = EXECUTION_LOG_RETENTION_DAYS. */
  readonly executionLogRetentionDays?: number;
}

/** Billing status as tenancy knows it at creation; billing owns its later changes. */
export type SubscriptionStatus = 'trial';

/** An organization was created; its owner is its first member (no separate event). */
export const OrganizationCreatedSchemaVersion = 1;
export interface OrganizationCreatedData {
  readonly organizationId: string;
  readonly name: string;
  readonly slug: string;
  readonly description: string | null;
  readonly ownerId: string;
  readonly settings: OrganizationSettings;
  readonly subscriptionStatus: SubscriptionStatus;
  readonly trialStartedAt: string;
  readonly trialEndsAt: string;
  readonly isActive: boolean;
  readonly createdAt: string;
}
export type OrganizationCreated = PublicEvent<'OrganizationCreated', OrganizationCreatedData>;

/** Only the changed fields are present; `settings` is the whole new value. */
export const OrganizationUpdatedSchemaVersion = 1;
export interface OrganizationUpdatedData {
  readonly organizationId: string;
  readonly name?: string;
  readonly description?: string | null;
  readonly settings?: OrganizationSettings;
  readonly updatedBy: string;
  readonly updatedAt: string;
}
export type OrganizationUpdated = PublicEvent<'OrganizationUpdated', OrganizationUpdatedData>;

/**
 * Published without the token or its hash: the stored event keeps the sha256 for the
 * Organization aggregate to check an acceptance against (see publication.ts).
 */
export const MemberInvitedSchemaVersion = 1;
export interface MemberInvitedData {
  readonly organizationId: string;
  readonly invitationId: string;
  readonly email: string;
  readonly role: OrganizationRole;
  readonly expiresAt: string;
  readonly invitedBy: string;
  readonly invitedAt: string;
}
export type MemberInvited = PublicEvent<'MemberInvited', MemberInvitedData>;

export const InvitationAcceptedSchemaVersion = 1;
export interface InvitationAcceptedData {
  readonly organizationId: string;
  readonly invitationId: string;
  readonly userId: string;
  readonly email: string;
  readonly role: OrganizationRole;
  readonly acceptedAt: string;
}
export type InvitationAccepted = PublicEvent<'InvitationAccepted', InvitationAcceptedData>;

export const InvitationRevokedSchemaVersion = 1;
export interface InvitationRevokedData {
  readonly organizationId: string;
  readonly invitationId: string;
  readonly revokedBy: string;
  readonly revokedAt: string;
}
export type InvitationRevoked = PublicEvent<'InvitationRevoked', InvitationRevokedData>;

export const MemberRoleChangedSchemaVersion = 1;
export interface MemberRoleChangedData {
  readonly organizationId: string;
  readonly userId: string;
  readonly from: OrganizationRole;
  readonly to: OrganizationRole;
  readonly changedBy: string;
  readonly changedAt: string;
}
export type MemberRoleChanged = PublicEvent<'MemberRoleChanged', MemberRoleChangedData>;

/** `left` when the member removed themselves. */
export const MemberRemovedSchemaVersion = 1;
export interface MemberRemovedData {
  readonly organizationId: string;
  readonly userId: string;
  readonly role: OrganizationRole;
  readonly reason: 'removed' | 'left';
  readonly removedBy: string;
  readonly removedAt: string;
}
export type MemberRemoved = PublicEvent<'MemberRemoved', MemberRemovedData>;

/** Every public event of the Organization aggregate. */
export type PublicOrganizationEvent =
  OrganizationCreated | OrganizationUpdated | MemberInvited | InvitationAccepted | InvitationRevoked | MemberRoleChanged | MemberRemoved;
