import { UserError } from '@weft/kernel';
import { type TenantReadSource, withTenant } from '@weft/postgres';
import { type TeamView, findTeam } from '@weft/read-model-tenancy';

/** A team of the organization, or 404 `team.not_found` (also for an id that is no uuid). */
export async function requireTeam(db: TenantReadSource, organizationId: string, teamId: string): Promise<TeamView> {
  const team = await withTenant(db, organizationId, (tx) => findTeam(tx, teamId));
  if (team === undefined) throw new UserError('not_found', 'team.not_found', 'No such team.');
  return team;
}
