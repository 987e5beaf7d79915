import { type TeamRole } from '../roles.js';
import { type TeamEvent, type TeamSettings } from './team-events.js';

export interface ExistingTeam {
  readonly status: 'active' | 'deleted';
  readonly teamId: string;
  readonly organizationId: string;
  readonly name: string;
  readonly slug: string;
  readonly description: string | null;
  readonly color: string;
  readonly settings: TeamSettings;
  /** userId → team role. */
  readonly members: Readonly<Record<string, TeamRole>>;
}

export type TeamState = { readonly status: 'none' } | ExistingTeam;

export const initialTeamState = (): TeamState => ({ status: 'none' });

/** Applies one event. */
export function evolveTeam(state: TeamState, event: TeamEvent): TeamState {
  if (event.type === 'TeamCreated') {
    const { teamId, organizationId, name, slug, description, color, settings } = event.data;
    return { status: 'active', teamId, organizationId, name, slug, description, color, settings, members: {} };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'TeamUpdated': {
      const { name, description, color, settings } = event.data;
      return {
        ...state,
        name: name ?? state.name,
        description: description === undefined ? state.description : description,
        color: color ?? state.color,
        settings: settings ?? state.settings,
      };
    }
    case 'TeamDeleted':
      return { ...state, status: 'deleted' };
    case 'TeamMemberAdded':
      return { ...state, members: { ...state.members, [event.data.userId]: event.data.role } };
    case 'TeamMemberRemoved': {
      const { [event.data.userId]: _removed, ...members } = state.members;
      return { ...state, members };
    }
  }
}
