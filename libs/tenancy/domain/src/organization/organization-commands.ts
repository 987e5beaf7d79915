import { type TenantCommand } from '@weft/kernel';
import { type OrganizationRole } from '../roles.js';
import { type OrganizationEntitlements, type OrganizationPreferences } from '../settings.js';

/**
 * Creates the organization named by `metadata.organizationId`; the actor becomes its
 * owner. `slug` is already unique (the caller reserved it on the slug's own stream,
 * `slugReservationDecider`); `trialDays` comes from the default plan; `entitlements` are that plan's.
 */
export type CreateOrganization = TenantCommand<
  'CreateOrganization',
  { name: string; slug: string; description?: string | null; preferences?: OrganizationPreferences; entitlements?: OrganizationEntitlements; trialDays: number }
>;
/** Owner or admin: name, description and preferences (never limits or features). */
export type UpdateOrganization = TenantCommand<'UpdateOrganization', { name?: string; description?: string | null; preferences?: OrganizationPreferences }>;
/**
 * Issued by billing's process manager when the plan changes, never from an HTTP
 * request: it is not checked against the actor's membership.
 */
export type ApplyEntitlements = TenantCommand<'ApplyEntitlements', OrganizationEntitlements>;
/** Owner or admin; only an owner may invite an owner. The caller mails the raw token and passes its sha256. */
export type InviteMember = TenantCommand<'InviteMember', { invitationId: string; email: string; role: OrganizationRole; tokenHash: string; expiresAt: Date }>;
/**
 * By the invited user (the actor). `email` is the actor's verified address from
 * identity; it must be the invited one. The caller found the invitation by `tokenHash`.
 */
export type AcceptInvitation = TenantCommand<'AcceptInvitation', { invitationId: string; tokenHash: string; email: string }>;
export type RevokeInvitation = TenantCommand<'RevokeInvitation', { invitationId: string }>;
export type ChangeMemberRole = TenantCommand<'ChangeMemberRole', { userId: string; role: OrganizationRole }>;
/** Removes `userId`; when it is the actor, the member leaves. */
export type RemoveMember = TenantCommand<'RemoveMember', { userId: string }>;

/** Every command of the Organization aggregate. */
export type OrganizationCommand =
  CreateOrganization | UpdateOrganization | ApplyEntitlements | InviteMember | AcceptInvitation | RevokeInvitation | ChangeMemberRole | RemoveMember;
