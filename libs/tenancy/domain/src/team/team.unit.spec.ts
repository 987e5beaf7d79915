import { DeciderSpecification, UserError } from '@weft/kernel';
import { teamDecider } from './team-decider.js';
import { type TeamCommand } from './team-commands.js';
import { type TeamEvent } from './team-events.js';
import { type OrganizationRole } from '../roles.js';

const spec = DeciderSpecification.for(teamDecider);
const withCode = (code: string) => (error: unknown) => error instanceof UserError && error.code === code;
const now = new Date('2026-11-29T10:00:00.000Z');
const at = now.toISOString();
const ids = { teamId: 'team-1', organizationId: 'org-1' };

function command<T extends TeamCommand['type']>(
  type: T,
  data: Extract<TeamCommand, { type: T }>['data'],
  actorId = 'user-admin',
  organizationId = 'org-1',
): TeamCommand {
  return { type, data, metadata: { commandId: 'cmd-1', now, organizationId, actorId } } as TeamCommand;
}
const create = (actorRole: OrganizationRole | null = 'admin', extra: Partial<Extract<TeamCommand, { type: 'CreateTeam' }>['data']> = {}) =>
  command('CreateTeam', { actorRole, teamId: 'team-1', name: ' Platform ', slug: 'platform', ...extra });

const created: TeamEvent = {
  type: 'TeamCreated',
  data: { ...ids, name: 'Platform', slug: 'platform', description: null, color: '#6366f1', settings: {}, createdBy: 'user-admin', createdAt: at },
};
const leadAdded: TeamEvent = { type: 'TeamMemberAdded', data: { ...ids, userId: 'user-lead', role: 'lead', addedBy: 'user-admin', addedAt: at } };
const memberAdded: TeamEvent = { type: 'TeamMemberAdded', data: { ...ids, userId: 'user-m', role: 'member', addedBy: 'user-admin', addedAt: at } };
const deleted: TeamEvent = { type: 'TeamDeleted', data: { ...ids, deletedBy: 'user-admin', deletedAt: at } };

describe('Team: lifecycle', () => {
  it('creates a team with defaults for color and settings', () => {
    spec.given([]).when(create()).then([created]);
  });

  it('normalises the color and refuses a malformed one, a bad slug or oversized settings', () => {
    const [event] = spec
      .given([])
      .when(create('owner', { color: '#ABCDEF', settings: { notify: true } }))
      .events();
    expect(event?.data).toMatchObject({ color: '#abcdef', settings: { notify: true } });
    spec
      .given([])
      .when(create('admin', { color: 'red' }))
      .thenThrows(withCode('team.color_invalid'));
    spec
      .given([])
      .when(create('admin', { slug: 'Platform Team' }))
      .thenThrows(withCode('team.slug_invalid'));
    spec
      .given([])
      .when(create('admin', { settings: { blob: 'x'.repeat(17 * 1024) } }))
      .thenThrows(withCode('team.settings_invalid'));
  });

  it('needs team:manage to create or delete', () => {
    spec.given([]).when(create('member')).thenThrows(withCode('team.permission_denied'));
    spec.given([]).when(create(null)).thenThrows(withCode('team.permission_denied'));
    spec
      .given([created, leadAdded])
      .when(command('DeleteTeam', { actorRole: 'member' }, 'user-lead'))
      .thenThrows(withCode('team.permission_denied'));
    spec
      .given([created])
      .when(command('DeleteTeam', { actorRole: 'admin' }))
      .then([deleted]);
  });

  it('is gone once deleted: deleting again is a no-op, anything else is not found', () => {
    spec
      .given([created, deleted])
      .when(command('DeleteTeam', { actorRole: 'admin' }))
      .then([]);
    spec
      .given([created, deleted])
      .when(command('UpdateTeam', { actorRole: 'admin', name: 'X' }))
      .thenThrows(withCode('team.not_found'));
    spec.given([created]).when(create()).thenThrows(withCode('team.exists'));
  });

  it('reports another organization’s team as not found', () => {
    spec
      .given([created])
      .when(command('DeleteTeam', { actorRole: 'admin' }, 'user-admin', 'org-2'))
      .thenThrows(withCode('team.not_found'));
    spec
      .given([created, deleted])
      .when(command('DeleteTeam', { actorRole: 'admin' }, 'user-admin', 'org-2'))
      .thenThrows(withCode('team.not_found'));
  });

  it('updates only what changed, by a manager or the team lead', () => {
    spec
      .given([created, leadAdded])
      .when(command('UpdateTeam', { actorRole: 'member', name: 'Platform', description: 'Infra', color: '#000000' }, 'user-lead'))
      .then([{ type: 'TeamUpdated', data: { ...ids, description: 'Infra', color: '#000000', updatedBy: 'user-lead', updatedAt: at } }]);
    spec
      .given([created])
      .when(command('UpdateTeam', { actorRole: 'admin', name: 'Platform' }))
      .then([]);
    spec
      .given([created, memberAdded])
      .when(command('UpdateTeam', { actorRole: 'member', name: 'Mine' }, 'user-m'))
      .thenThrows(withCode('team.permission_denied'));
  });
});

describe('Team: members', () => {
  const add = (
    userId: string,
    role: 'lead' | 'member',
    actorRole: OrganizationRole | null,
    actorId = 'user-admin',
    memberOrgRole: OrganizationRole | null = 'member',
  ) => command('AddTeamMember', { actorRole, userId, role, memberOrgRole }, actorId);

  it('adds organization members with a team role; re-adding with another role changes it', () => {
    spec
      .given([created])
      .when(add('user-lead', 'lead', 'admin'))
      .then([leadAdded]);
    spec
      .given([created, leadAdded])
      .when(add('user-lead', 'lead', 'admin'))
      .then([]);
    spec
      .given([created, leadAdded])
      .when(add('user-lead', 'member', 'admin'))
      .then([{ ...leadAdded, data: { ...leadAdded.data, role: 'member' } } as TeamEvent]);
  });

  it('refuses users outside the organization', () => {
    spec
      .given([created])
      .when(add('user-x', 'member', 'admin', 'user-admin', null))
      .thenThrows(withCode('team.not_organization_member'));
  });

  it('lets a team lead manage members, but not a plain member or an auditor lead', () => {
    spec
      .given([created, leadAdded])
      .when(add('user-m', 'member', 'member', 'user-lead'))
      .then([{ ...memberAdded, data: { ...memberAdded.data, addedBy: 'user-lead' } } as TeamEvent]);
    spec
      .given([created, memberAdded])
      .when(add('user-z', 'member', 'member', 'user-m'))
      .thenThrows(withCode('team.permission_denied'));
    spec
      .given([created, leadAdded])
      .when(add('user-m', 'member', 'auditor', 'user-lead'))
      .thenThrows(withCode('team.permission_denied'));
  });

  it('removes members; anyone may leave; unknown members are not found', () => {
    const removed = (by: string): TeamEvent => ({ type: 'TeamMemberRemoved', data: { ...ids, userId: 'user-m', removedBy: by, removedAt: at } });
    spec
      .given([created, memberAdded])
      .when(command('RemoveTeamMember', { actorRole: 'admin', userId: 'user-m' }))
      .then([removed('user-admin')]);
    spec
      .given([created, memberAdded])
      .when(command('RemoveTeamMember', { actorRole: 'member', userId: 'user-m' }, 'user-m'))
      .then([removed('user-m')]);
    spec
      .given([created, memberAdded, leadAdded])
      .when(command('RemoveTeamMember', { actorRole: 'member', userId: 'user-lead' }, 'user-m'))
      .thenThrows(withCode('team.permission_denied'));
    spec
      .given([created])
      .when(command('RemoveTeamMember', { actorRole: 'admin', userId: 'user-m' }))
      .thenThrows(withCode('team.member_not_found'));
  });
});
