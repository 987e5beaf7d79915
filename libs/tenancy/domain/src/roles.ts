export { ORGANIZATION_ROLES, PERMISSIONS, type OrganizationRole, type Permission, can, isOrganizationRole, permissionsOf, policy } from '@weft/kernel';

/** Roles inside a team. A lead may manage the team's members; the org role still applies. */
export type TeamRole = 'lead' | 'member';

export const TEAM_ROLES: readonly TeamRole[] = ['lead', 'member'];

/** True for the strings that name a team role. */
export function isTeamRole(value: string): value is TeamRole {
  return (TEAM_ROLES as readonly string[]).includes(value);
}
