import { type OrganizationCommand } from './organization-commands.js';
import { type OrganizationEvent } from './organization-events.js';
import { DEFAULT_ORGANIZATION_SETTINGS } from '../settings.js';
import { type OrganizationRole } from '../roles.js';

// Test data shared by the Organization specs (not exported from the library).
export const orgId = 'org-1';
export const owner = 'user-owner';
export const admin = 'user-admin';
export const member = 'user-member';
export const auditor = 'user-auditor';
export const stranger = 'user-stranger';
export const now = new Date('2026-11-29T10:00:00.000Z');
export const at = now.toISOString();
export const inOneDay = new Date('2026-11-30T10:00:00.000Z');
export const tokenHash = 'd'.repeat(64);

/** A command of `type` by `actorId` in org-1 at `now` (or `when`). */
export function command<T extends OrganizationCommand['type']>(
  type: T,
  data: Extract<OrganizationCommand, { type: T }>['data'],
  actorId: string,
  when: Date = now,
): OrganizationCommand {
  return { type, data, metadata: { commandId: 'cmd-1', now: when, organizationId: orgId, actorId } } as OrganizationCommand;
}

export const created: OrganizationEvent = {
  type: 'OrganizationCreated',
  data: {
    organizationId: orgId,
    name: 'Acme',
    slug: 'acme',
    description: null,
    ownerId: owner,
    settings: DEFAULT_ORGANIZATION_SETTINGS,
    subscriptionStatus: 'trial',
    trialStartedAt: '2026-11-01T00:00:00.000Z',
    trialEndsAt: '2026-11-15T00:00:00.000Z',
    isActive: true,
    createdAt: '2026-11-01T00:00:00.000Z',
  },
};

/** The events by which `userId` joined with `role` through an invitation. */
export function joined(userId: string, role: OrganizationRole): OrganizationEvent[] {
  const invitationId = `inv-${userId}`;
  const email = `${userId}@example.com`;
  return [
    {
      type: 'MemberInvited',
      data: { organizationId: orgId, invitationId, email, role, tokenHash, expiresAt: inOneDay.toISOString(), invitedBy: owner, invitedAt: at },
    },
    { type: 'InvitationAccepted', data: { organizationId: orgId, invitationId, userId, email, role, acceptedAt: at } },
  ];
}

/** Acme with an owner, an admin, a member and an auditor. */
export const staffed: OrganizationEvent[] = [created, ...joined(admin, 'admin'), ...joined(member, 'member'), ...joined(auditor, 'auditor')];
