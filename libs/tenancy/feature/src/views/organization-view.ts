import { UserError } from '@weft/kernel';
import { type TenantReadSource, withTenant } from '@weft/postgres';
import { type OrganizationView, findOrganization } from '@weft/read-model-tenancy';

/** The organization as its routes answer it, or 404 (the guard let the caller in, so it exists unless a command just failed to create it). */
export async function requireOrganization(db: TenantReadSource, organizationId: string): Promise<OrganizationView> {
  const organization = await withTenant(db, organizationId, (tx) => findOrganization(tx));
  if (organization === undefined) throw new UserError('not_found', 'organization.not_found', 'No such organization, or you are not a member of it.');
  return organization;
}
