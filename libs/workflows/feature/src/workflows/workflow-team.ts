import { UserError } from '@weft/kernel';
import { type OrganizationDirectory } from '@weft/ports';

/**
 * 422 unless `teamId` is a team of the organization. Teams are tenancy's: asked through
 * its `ORGANIZATION_DIRECTORY` port, never of its tables.
 */
export async function requireTeamOf(directory: OrganizationDirectory, organizationId: string, teamId: string): Promise<void> {
  if (await directory.hasTeam(organizationId, teamId.toLowerCase())) return;
  throw new UserError('unprocessable', 'workflow.team_not_found', 'teamId must be a team of this organization.', {
    errors: [{ field: 'teamId', message: 'is not a team of this organization' }],
  });
}
