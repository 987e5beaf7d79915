import { type OrganizationRole, isUuid } from '@weft/kernel';
import { type Queryable } from '@weft/postgres';

// Platform reads: questions that span organizations by design, so they take the owner
// connection (`Database`), never a tenant transaction, and row-level security does not
// narrow them. Each names what bounds it instead (a user, a slug, the access check).
// Keep this list short: a read of one organization's rows belongs in tenant-queries.ts.

/** A user's organizations with their role, by name. */
export interface MyOrganization {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly role: OrganizationRole;
}

/** Platform read, bounded by the user: "my organizations" (`GET /orgs`, `/me`, the ORGANIZATION_DIRECTORY port). */
export async function organizationsOf(db: Queryable, userId: string): Promise<MyOrganization[]> {
  if (!isUuid(userId)) return [];
  const { rows } = await db.query<MyOrganization>(
    `select o.id, o.name, o.slug, m.role from organization_users m join organizations o on o.id = m.organization_id
      where m.user_id = $1 order by o.name, o.id`,
    [userId],
  );
  return rows;
}

/**
 * Platform read, the access guard's membership check (`MEMBERSHIPS`): it decides whether
 * the caller may enter the organization at all, so it cannot run inside that tenant yet.
 */
export async function membershipRole(db: Queryable, organizationId: string, userId: string): Promise<OrganizationRole | null> {
  if (!isUuid(organizationId) || !isUuid(userId)) return null;
  const { rows } = await db.query<{ role: OrganizationRole }>('select role from organization_users where organization_id = $1 and user_id = $2', [
    organizationId,
    userId,
  ]);
  return rows[0]?.role ?? null;
}

/** Platform read: organization slugs are unique across the platform (the reservation streams decide; this only reads). */
export async function organizationSlugTaken(db: Queryable, slug: string): Promise<boolean> {
  const { rowCount } = await db.query('select 1 from organizations where slug = $1', [slug]);
  return (rowCount ?? 0) > 0;
}

/** An organization's own retention settings (days; `null` = the platform default). */
export interface OrganizationRetentionRow {
  readonly organizationId: string;
  readonly executionDays: number | null;
  readonly logDays: number | null;
}

/**
 * Platform read: every organization whose settings name a retention of its own (the
 * execution context's retention job, through `ORGANIZATION_RETENTION`). Few
 * organizations set one, and the job asks hourly: a scan of `organizations` is enough.
 */
export async function organizationRetentionOverrides(db: Queryable): Promise<OrganizationRetentionRow[]> {
  const { rows } = await db.query<{ id: string; execution_days: unknown; log_days: unknown }>(
    `select id, settings -> 'executionRetentionDays' as execution_days, settings -> 'executionLogRetentionDays' as log_days
       from organizations where settings ?| array['executionRetentionDays', 'executionLogRetentionDays'] order by id`,
  );
  const days = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null);
  return rows.map((row) => ({ organizationId: row.id, executionDays: days(row.execution_days), logDays: days(row.log_days) }));
}
