import { type OrganizationRole, type Page, decodeCursor, isUuid, pageOf } from '@weft/kernel';
import { type Queryable } from '@weft/postgres';

// Every query names its organization, and every tenant-owned row is filtered by it.
// Member lists join `users` (identity's read model) for names and emails: the read
// side composes what the contexts keep apart, as the gateway would.


export interface OrganizationView {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly description: string | null;
  readonly ownerId: string;
  readonly settings: Record<string, unknown>;
  readonly subscriptionStatus: string;
  readonly trialEndsAt: string | null;
  readonly isActive: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

interface OrganizationRow {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  owner_id: string;
  settings: Record<string, unknown>;
  subscription_status: string;
  trial_ends_at: Date | null;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
}

const organizationView = (row: OrganizationRow): OrganizationView => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  description: row.description,
  ownerId: row.owner_id,
  settings: row.settings,
  subscriptionStatus: row.subscription_status,
  trialEndsAt: row.trial_ends_at?.toISOString() ?? null,
  isActive: row.is_active,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export async function findOrganization(db: Queryable, organizationId: string): Promise<OrganizationView | undefined> {
  if (!isUuid(organizationId)) return undefined;
  const { rows } = await db.query<OrganizationRow>('select * from organizations where id = $1', [organizationId]);
  return rows[0] === undefined ? undefined : organizationView(rows[0]);
}

export async function organizationSlugTaken(db: Queryable, slug: string): Promise<boolean> {
  const { rowCount } = await db.query('select 1 from organizations where slug = $1', [slug]);
  return (rowCount ?? 0) > 0;
}

/** A user's organizations with their role, by name. */
export interface MyOrganization {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly role: OrganizationRole;
}

export async function organizationsOf(db: Queryable, userId: string): Promise<MyOrganization[]> {
  if (!isUuid(userId)) return [];
  const { rows } = await db.query<MyOrganization>(
    `select o.id, o.name, o.slug, m.role from organization_users m join organizations o on o.id = m.organization_id
      where m.user_id = $1 order by o.name, o.id`,
    [userId],
  );
  return rows;
}

export async function membershipRole(db: Queryable, organizationId: string, userId: string): Promise<OrganizationRole | null> {
  if (!isUuid(organizationId) || !isUuid(userId)) return null;
  const { rows } = await db.query<{ role: OrganizationRole }>('select role from organization_users where organization_id = $1 and user_id = $2', [organizationId, userId]);
  return rows[0]?.role ?? null;
}

export interface MemberView {
  readonly userId: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly role: OrganizationRole;
  readonly joinedAt: string;
}

interface MemberRow {
  user_id: string;
  name: string | null;
  email: string | null;
  role: OrganizationRole;
  joined_at: Date;
}

/** Members by join time (the primary key's order breaks ties). */
export async function listMembers(db: Queryable, organizationId: string, limit: number, cursor?: string): Promise<Page<MemberView>> {
  const after = decodeCursor(cursor, ['timestamp', 'uuid']);
  const { rows } = await db.query<MemberRow>(
    `select m.user_id, u.name, u.email, m.role, m.joined_at from organization_users m left join users u on u.id = m.user_id
      where m.organization_id = $1 and ($2::timestamptz is null or (m.joined_at, m.user_id) > ($2::timestamptz, $3::uuid))
      order by m.joined_at, m.user_id limit $4`,
    [organizationId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
  );
  return pageOf(
    rows,
    limit,
    (row) => ({ userId: row.user_id, name: row.name, email: row.email, role: row.role, joinedAt: row.joined_at.toISOString() }),
    (row) => [row.joined_at.toISOString(), row.user_id],
  );
}

export interface TeamView {
  readonly id: string;
  readonly organizationId: string;
  readonly name: string;
  readonly slug: string;
  readonly description: string | null;
  readonly color: string;
  readonly settings: Record<string, unknown>;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly memberCount: number;
}

interface TeamRow {
  id: string;
  organization_id: string;
  name: string;
  slug: string;
  description: string | null;
  color: string;
  settings: Record<string, unknown>;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  member_count: string;
}

const teamView = (row: TeamRow): TeamView => ({
  id: row.id,
  organizationId: row.organization_id,
  name: row.name,
  slug: row.slug,
  description: row.description,
  color: row.color,
  settings: row.settings,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  memberCount: Number(row.member_count),
});

const TEAM_COLUMNS = `t.*, (select count(*) from team_users tu where tu.team_id = t.id and tu.organization_id = t.organization_id) as member_count`;

/** Teams by slug (the unique index's order). */
export async function listTeams(db: Queryable, organizationId: string, limit: number, cursor?: string): Promise<Page<TeamView>> {
  const after = decodeCursor(cursor, ['text']);
  const { rows } = await db.query<TeamRow>(
    `select ${TEAM_COLUMNS} from teams t where t.organization_id = $1 and ($2::text is null or t.slug > $2) order by t.slug limit $3`,
    [organizationId, after?.[0] ?? null, limit + 1],
  );
  return pageOf(rows, limit, teamView, (row) => [row.slug]);
}

export async function findTeam(db: Queryable, organizationId: string, teamId: string): Promise<TeamView | undefined> {
  if (!isUuid(teamId)) return undefined;
  const { rows } = await db.query<TeamRow>(`select ${TEAM_COLUMNS} from teams t where t.organization_id = $1 and t.id = $2`, [organizationId, teamId]);
  return rows[0] === undefined ? undefined : teamView(rows[0]);
}

export async function teamSlugTaken(db: Queryable, organizationId: string, slug: string): Promise<boolean> {
  const { rowCount } = await db.query('select 1 from teams where organization_id = $1 and slug = $2', [organizationId, slug]);
  return (rowCount ?? 0) > 0;
}

export interface TeamMemberView {
  readonly userId: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly role: 'lead' | 'member';
  readonly addedAt: string;
}

export async function teamMembers(db: Queryable, organizationId: string, teamId: string): Promise<TeamMemberView[]> {
  if (!isUuid(teamId)) return [];
  const { rows } = await db.query<{ user_id: string; name: string | null; email: string | null; role: 'lead' | 'member'; added_at: Date }>(
    `select tu.user_id, u.name, u.email, tu.role, tu.added_at from team_users tu left join users u on u.id = tu.user_id
      where tu.organization_id = $1 and tu.team_id = $2 order by tu.added_at, tu.user_id`,
    [organizationId, teamId],
  );
  return rows.map((row) => ({ userId: row.user_id, name: row.name, email: row.email, role: row.role, addedAt: row.added_at.toISOString() }));
}

export async function findMember(db: Queryable, organizationId: string, userId: string): Promise<MemberView | undefined> {
  if (!isUuid(userId)) return undefined;
  const { rows } = await db.query<MemberRow>(
    'select m.user_id, u.name, u.email, m.role, m.joined_at from organization_users m left join users u on u.id = m.user_id where m.organization_id = $1 and m.user_id = $2',
    [organizationId, userId],
  );
  const row = rows[0];
  return row === undefined ? undefined : { userId: row.user_id, name: row.name, email: row.email, role: row.role, joinedAt: row.joined_at.toISOString() };
}

/** An organization's own retention settings (days; `null` = the platform default). */
export interface OrganizationRetentionRow {
  readonly organizationId: string;
  readonly executionDays: number | null;
  readonly logDays: number | null;
}

/**
 * Every organization whose settings name a retention of its own, across organizations
 * (the retention job's question; run it on the owner connection, not withTenant). Few
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
