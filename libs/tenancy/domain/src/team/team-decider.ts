import { type Decider, UserError, optionalText, requireText } from '@weft/kernel';
import { can } from '../roles.js';
import { requireSlug } from '../slug.js';
import { type AddTeamMember, type CreateTeam, type RemoveTeamMember, type TeamCommand, type UpdateTeam } from './team-commands.js';
import { type TeamEvent, type TeamSettings, type TeamUpdated } from './team-events.js';
import { type ExistingTeam, type TeamState, evolveTeam, initialTeamState } from './team-state.js';

export const TEAM_NAME_MAX_LENGTH = 100;
export const TEAM_DESCRIPTION_MAX_LENGTH = 500;
export const DEFAULT_TEAM_COLOR = '#6366f1';
/** Largest team settings object, as JSON text. */
export const TEAM_SETTINGS_MAX_BYTES = 16 * 1024;

const COLOR = /^#[0-9a-f]{6}$/;

/** Decides the Team aggregate's events. */
export function decideTeam(command: TeamCommand, state: TeamState): TeamEvent[] {
  if (command.type === 'CreateTeam') return create(command, state);
  // Tenant isolation: another organization's team, or a deleted one, is missing.
  if (state.status !== 'active' || state.organizationId !== command.metadata.organizationId) {
    if (command.type === 'DeleteTeam' && state.status === 'deleted' && state.organizationId === command.metadata.organizationId) return [];
    throw new UserError('not_found', 'team.not_found', 'No such team.');
  }
  const { actorId, now } = command.metadata;
  const at = now.toISOString();
  const ids = { teamId: state.teamId, organizationId: state.organizationId };
  switch (command.type) {
    case 'UpdateTeam':
      return update(command, state);
    case 'DeleteTeam':
      requireTeamManager(command.data.actorRole);
      return [{ type: 'TeamDeleted', data: { ...ids, deletedBy: actorId, deletedAt: at } }];
    case 'AddTeamMember':
      return addMember(command, state);
    case 'RemoveTeamMember':
      return removeMember(command, state);
  }
}

/** The Team aggregate as a decider. */
export const teamDecider = {
  decide: decideTeam,
  evolve: evolveTeam,
  initialState: initialTeamState,
} satisfies Decider<TeamState, TeamCommand, TeamEvent>;

function create(command: CreateTeam, state: TeamState): TeamEvent[] {
  if (state.status !== 'none') throw new UserError('conflict', 'team.exists', 'This team already exists.');
  requireTeamManager(command.data.actorRole);
  const { organizationId, actorId, now } = command.metadata;
  const data = {
    teamId: command.data.teamId,
    organizationId,
    name: requireText(command.data.name, 'name', TEAM_NAME_MAX_LENGTH, 'team.name_invalid'),
    slug: requireSlug(command.data.slug, 'team.slug_invalid'),
    description: optionalText(command.data.description, 'description', TEAM_DESCRIPTION_MAX_LENGTH, 'team.description_invalid'),
    color: requireColor(command.data.color ?? DEFAULT_TEAM_COLOR),
    settings: requireTeamSettings(command.data.settings ?? {}),
    createdBy: actorId,
    createdAt: now.toISOString(),
  };
  return [{ type: 'TeamCreated', data }];
}

function update(command: UpdateTeam, state: ExistingTeam): TeamEvent[] {
  requireTeamManagerOrLead(command.data.actorRole, state, command.metadata.actorId);
  const { name, description, color, settings } = command.data;
  const changes: Partial<TeamUpdated['data']> = {};
  const newName = name === undefined ? undefined : requireText(name, 'name', TEAM_NAME_MAX_LENGTH, 'team.name_invalid');
  if (newName !== undefined && newName !== state.name) changes.name = newName;
  const newDescription =
    description === undefined ? undefined : optionalText(description, 'description', TEAM_DESCRIPTION_MAX_LENGTH, 'team.description_invalid');
  if (newDescription !== undefined && newDescription !== state.description) changes.description = newDescription;
  const newColor = color === undefined ? undefined : requireColor(color);
  if (newColor !== undefined && newColor !== state.color) changes.color = newColor;
  if (settings !== undefined && JSON.stringify(requireTeamSettings(settings)) !== JSON.stringify(state.settings)) changes.settings = settings;
  if (Object.keys(changes).length === 0) return [];
  const data = {
    teamId: state.teamId,
    organizationId: state.organizationId,
    ...changes,
    updatedBy: command.metadata.actorId,
    updatedAt: command.metadata.now.toISOString(),
  };
  return [{ type: 'TeamUpdated', data }];
}

/** Adds an organization member, or changes the team role of a current one. */
function addMember(command: AddTeamMember, state: ExistingTeam): TeamEvent[] {
  const { actorId, now } = command.metadata;
  requireTeamManagerOrLead(command.data.actorRole, state, actorId);
  const { userId, role, memberOrgRole } = command.data;
  if (memberOrgRole === null) throw new UserError('unprocessable', 'team.not_organization_member', 'Only members of the organization can join its teams.');
  if (state.members[userId] === role) return [];
  return [
    {
      type: 'TeamMemberAdded',
      data: { teamId: state.teamId, organizationId: state.organizationId, userId, role, addedBy: actorId, addedAt: now.toISOString() },
    },
  ];
}

function removeMember(command: RemoveTeamMember, state: ExistingTeam): TeamEvent[] {
  const { actorId, now } = command.metadata;
  const { userId } = command.data;
  if (userId !== actorId) requireTeamManagerOrLead(command.data.actorRole, state, actorId);
  if (state.members[userId] === undefined) throw new UserError('not_found', 'team.member_not_found', 'No such team member.');
  return [
    {
      type: 'TeamMemberRemoved',
      data: { teamId: state.teamId, organizationId: state.organizationId, userId, removedBy: actorId, removedAt: now.toISOString() },
    },
  ];
}

function requireTeamManager(actorRole: TeamCommand['data']['actorRole']): void {
  if (actorRole === null || !can(actorRole, 'team:manage'))
    throw new UserError('forbidden', 'team.permission_denied', 'Managing teams needs the team:manage permission.');
}

/** Team leads manage their own team's details and members, whatever their organization role (auditors excepted). */
function requireTeamManagerOrLead(actorRole: TeamCommand['data']['actorRole'], state: ExistingTeam, actorId: string): void {
  const isLead = state.members[actorId] === 'lead' && actorRole !== null && actorRole !== 'auditor';
  if (!isLead) requireTeamManager(actorRole);
}

function requireColor(color: string): string {
  const normalized = color.trim().toLowerCase();
  if (!COLOR.test(normalized))
    throw new UserError('validation', 'team.color_invalid', 'color must be #rrggbb.', {
      errors: [{ field: 'color', message: 'must be a hex color such as #6366f1' }],
    });
  return normalized;
}

function requireTeamSettings(settings: TeamSettings): TeamSettings {
  const isObject = settings !== null && typeof settings === 'object' && !Array.isArray(settings);
  if (!isObject || JSON.stringify(settings).length > TEAM_SETTINGS_MAX_BYTES) {
    throw new UserError('validation', 'team.settings_invalid', `settings must be a JSON object of at most ${TEAM_SETTINGS_MAX_BYTES} bytes.`, {
      errors: [{ field: 'settings', message: 'must be a small JSON object' }],
    });
  }
  return settings;
}
