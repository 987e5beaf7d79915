import { type TenantCommand } from '@weft/kernel';
import { type OrganizationRole, type TeamRole } from '../roles.js';
import { type TeamSettings } from './team-events.js';

/**
 * Teams are aggregates of their own, so facts about the organization come in with the
 * command, looked up by the tenancy feature from the Organization: `actorRole` is the
 * actor's organization role (null when not a member), and `memberOrgRole` that of the
 * user being added. Slug uniqueness within the organization is the caller's check too.
 */
interface ActorFacts {
  readonly actorRole: OrganizationRole | null;
}

export type CreateTeam = TenantCommand<
  'CreateTeam',
  ActorFacts & { teamId: string; name: string; slug: string; description?: string | null; color?: string; settings?: TeamSettings }
>;
export type UpdateTeam = TenantCommand<'UpdateTeam', ActorFacts & { name?: string; description?: string | null; color?: string; settings?: TeamSettings }>;
export type DeleteTeam = TenantCommand<'DeleteTeam', ActorFacts>;
export type AddTeamMember = TenantCommand<'AddTeamMember', ActorFacts & { userId: string; role: TeamRole; memberOrgRole: OrganizationRole | null }>;
/** Removes `userId`; when it is the actor, the member leaves. */
export type RemoveTeamMember = TenantCommand<'RemoveTeamMember', ActorFacts & { userId: string }>;

/** Every command of the Team aggregate. */
export type TeamCommand = CreateTeam | UpdateTeam | DeleteTeam | AddTeamMember | RemoveTeamMember;
