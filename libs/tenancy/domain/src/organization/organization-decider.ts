import { type Decider, UserError, optionalText, requireText } from '@weft/kernel';
import { requireSlug } from '../slug.js';
import { DEFAULT_ORGANIZATION_SETTINGS, requireValidSettings, sameSettings, withEntitlements, withPreferences } from '../settings.js';
import { type ApplyEntitlements, type CreateOrganization, type OrganizationCommand, type UpdateOrganization } from './organization-commands.js';
import { type OrganizationEvent, type OrganizationUpdated } from './organization-events.js';
import { acceptInvitation, changeMemberRole, inviteMember, removeMember, requirePermission, revokeInvitation } from './organization-membership.js';
import { type ExistingOrganization, type OrganizationState, evolveOrganization, initialOrganizationState } from './organization-state.js';

export const ORGANIZATION_NAME_MAX_LENGTH = 100;
export const ORGANIZATION_DESCRIPTION_MAX_LENGTH = 500;
/** Longest trial a plan may grant. */
export const MAX_TRIAL_DAYS = 365;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Decides the Organization aggregate's events; time and ids come with the command. */
export function decideOrganization(command: OrganizationCommand, state: OrganizationState): OrganizationEvent[] {
  if (command.type === 'CreateOrganization') return create(command, state);
  // Tenant isolation: a stream of another organization is reported as missing.
  if (state.status === 'none' || state.organizationId !== command.metadata.organizationId) {
    throw new UserError('not_found', 'organization.not_found', 'No such organization.');
  }
  switch (command.type) {
    case 'UpdateOrganization':
      return update(command, state);
    case 'ApplyEntitlements':
      return applyEntitlements(command, state);
    case 'InviteMember':
      return inviteMember(command, state);
    case 'AcceptInvitation':
      return acceptInvitation(command, state);
    case 'RevokeInvitation':
      return revokeInvitation(command, state);
    case 'ChangeMemberRole':
      return changeMemberRole(command, state);
    case 'RemoveMember':
      return removeMember(command, state);
  }
}

/** The Organization aggregate as a decider. */
export const organizationDecider = {
  decide: decideOrganization,
  evolve: evolveOrganization,
  initialState: initialOrganizationState,
} satisfies Decider<OrganizationState, OrganizationCommand, OrganizationEvent>;

function create(command: CreateOrganization, state: OrganizationState): OrganizationEvent[] {
  if (state.status !== 'none') throw new UserError('conflict', 'organization.exists', 'This organization already exists.');
  const { organizationId, actorId, now } = command.metadata;
  const { trialDays } = command.data;
  if (!Number.isInteger(trialDays) || trialDays < 0 || trialDays > MAX_TRIAL_DAYS) {
    throw new UserError('validation', 'organization.trial_invalid', `trialDays must be an integer from 0 to ${MAX_TRIAL_DAYS}.`);
  }
  const settings = requireValidSettings(
    withEntitlements(withPreferences(DEFAULT_ORGANIZATION_SETTINGS, command.data.preferences ?? {}), command.data.entitlements ?? {}),
  );
  const data = {
    organizationId,
    name: requireText(command.data.name, 'name', ORGANIZATION_NAME_MAX_LENGTH, 'organization.name_invalid'),
    slug: requireSlug(command.data.slug, 'organization.slug_invalid'),
    description: optionalText(command.data.description, 'description', ORGANIZATION_DESCRIPTION_MAX_LENGTH, 'organization.description_invalid'),
    ownerId: actorId,
    settings,
    subscriptionStatus: 'trial' as const,
    trialStartedAt: now.toISOString(),
    trialEndsAt: new Date(now.getTime() + trialDays * DAY_MS).toISOString(),
    isActive: true,
    createdAt: now.toISOString(),
  };
  return [{ type: 'OrganizationCreated', data }];
}

function update(command: UpdateOrganization, state: ExistingOrganization): OrganizationEvent[] {
  requirePermission(state, command.metadata.actorId, 'org:manage');
  const { name, description, preferences } = command.data;
  const changes: { name?: string; description?: string | null; settings?: ExistingOrganization['settings'] } = {};
  if (name !== undefined) {
    const trimmed = requireText(name, 'name', ORGANIZATION_NAME_MAX_LENGTH, 'organization.name_invalid');
    if (trimmed !== state.name) changes.name = trimmed;
  }
  if (description !== undefined) {
    const text = optionalText(description, 'description', ORGANIZATION_DESCRIPTION_MAX_LENGTH, 'organization.description_invalid');
    if (text !== state.description) changes.description = text;
  }
  if (preferences !== undefined) {
    const settings = requireValidSettings(withPreferences(state.settings, preferences));
    if (!sameSettings(settings, state.settings)) changes.settings = settings;
  }
  return updated(command, state, changes);
}

function applyEntitlements(command: ApplyEntitlements, state: ExistingOrganization): OrganizationEvent[] {
  const settings = requireValidSettings(withEntitlements(state.settings, command.data));
  return sameSettings(settings, state.settings) ? [] : updated(command, state, { settings });
}

function updated(
  command: UpdateOrganization | ApplyEntitlements,
  state: ExistingOrganization,
  changes: Partial<OrganizationUpdated['data']>,
): OrganizationEvent[] {
  if (Object.keys(changes).length === 0) return [];
  const { actorId, now } = command.metadata;
  return [{ type: 'OrganizationUpdated', data: { organizationId: state.organizationId, ...changes, updatedBy: actorId, updatedAt: now.toISOString() } }];
}
