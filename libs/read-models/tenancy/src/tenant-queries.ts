import { type OrganizationRole, type Page, decodeCursor, isUuid, pageOf } from '@weft/kernel';
import { type TenantTransaction } from '@weft/postgres';

// Tenancy by type: every query of one organization's rows takes the tenant transaction
// (`withTenant(db, organizationId, tx => ...)`) and filters by `tx.organizationId`, so it
// cannot be called without a tenant, and row-level security backs the filter up.
// Reads across organizations are in platform-queries.ts.
//
// Nothing here reads another context's tables: members come without names and emails,
// which the caller asks identity for (the `USER_DIRECTORY` port).

export interface OrganizationView {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly description: string | null;
  readonly ownerId: string;
  readonly settings: Record<string, unknown>;
  readonly subscriptionStatus: string;
  readonly trialEndsAt: string | null;
  /** The plan and the end of the paid period, as billing sets them (null until it does). */
  readonly subscriptionPlan: string | null;
  readonly subscriptionEndsAt: string | null;
  /** The limits of the subscribed plan (reference names; null = unlimited), as billing's events set them; null without a subscription. */
  readonly planLimits: Readonly<Record<string, number | null>> | null;
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
  subscription_plan: string | null;
  subscription_ends_at: Date | null;
  plan_limits: Record<string, number | null> | null;
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
  subscriptionPlan: row.subscription_plan,
  subscriptionEndsAt: row.subscription_ends_at?.toISOString() ?? null,
  planLimits: row.plan_limits,
  isActive: row.is_active,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** The transaction's organization. */
export async function findOrganization(tx: TenantTransaction): Promise<OrganizationView | undefined> {
  const { rows } = await tx.query<OrganizationRow>('select * from organizations where id = $1', [tx.organizationId]);
  return rows[0] === undefined ? undefined : organizationView(rows[0]);
}

/** A membership as tenancy knows it: the user's id, not their name or email (identity's). */
export interface OrganizationMember {
  readonly userId: string;
  readonly role: OrganizationRole;
  readonly joinedAt: string;
}

interface MemberRow {
  user_id: string;
  role: OrganizationRole;
  joined_at: Date;
}

const organizationMember = (row: MemberRow): OrganizationMember => ({ userId: row.user_id, role: row.role, joinedAt: row.joined_at.toISOString() });

/** Members by join time (the primary key's order breaks ties). */
export async function listMembers(tx: TenantTransaction, limit: number, cursor?: string): Promise<Page<OrganizationMember>> {
  const after = decodeCursor(cursor, ['timestamp', 'uuid']);
  const { rows } = await tx.query<MemberRow>(
    `select user_id, role, joined_at from organization_users
      where organization_id = $1 and ($2::timestamptz is null or (joined_at, user_id) > ($2::timestamptz, $3::uuid))
      order by joined_at, user_id limit $4`,
    [tx.organizationId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
  );
  return pageOf(rows, limit, organizationMember, (row) => [row.joined_at.toISOString(), row.user_id]);
}

export async function findMember(tx: TenantTransaction, userId: string): Promise<OrganizationMember | undefined> {
  if (!isUuid(userId)) return undefined;
  const { rows } = await tx.query<MemberRow>('select user_id, role, joined_at from organization_users where organization_id = $1 and user_id = $2', [
    tx.organizationId,
    userId,
  ]);
  return rows[0] === undefined ? undefined : organizationMember(rows[0]);
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
export async function listTeams(tx: TenantTransaction, limit: number, cursor?: string): Promise<Page<TeamView>> {
  const after = decodeCursor(cursor, ['text']);
  const { rows } = await tx.query<TeamRow>(
    `select ${TEAM_COLUMNS} from teams t where t.organization_id = $1 and ($2::text is null or t.slug > $2) order by t.slug limit $3`,
    [tx.organizationId, after?.[0] ?? null, limit + 1],
  );
  return pageOf(rows, limit, teamView, (row) => [row.slug]);
}

export async function findTeam(tx: TenantTransaction, teamId: string): Promise<TeamView | undefined> {
  if (!isUuid(teamId)) return undefined;
  const { rows } = await tx.query<TeamRow>(`select ${TEAM_COLUMNS} from teams t where t.organization_id = $1 and t.id = $2`, [tx.organizationId, teamId]);
  return rows[0] === undefined ? undefined : teamView(rows[0]);
}

/** Whether a team of the organization has `slug` (the slug reservation streams decide; this only reads). */
export async function teamSlugTaken(tx: TenantTransaction, slug: string): Promise<boolean> {
  const { rowCount } = await tx.query('select 1 from teams where organization_id = $1 and slug = $2', [tx.organizationId, slug]);
  return (rowCount ?? 0) > 0;
}

/** A team membership as tenancy knows it: the user's id, not their name or email. */
export interface TeamMember {
  readonly userId: string;
  readonly role: 'lead' | 'member';
  readonly addedAt: string;
}

/** A team's members by the time they were added. */
export async function teamMembers(tx: TenantTransaction, teamId: string): Promise<TeamMember[]> {
  if (!isUuid(teamId)) return [];
  const { rows } = await tx.query<{ user_id: string; role: 'lead' | 'member'; added_at: Date }>(
    `select user_id, role, added_at from team_users where organization_id = $1 and team_id = $2 order by added_at, user_id`,
    [tx.organizationId, teamId],
  );
  return rows.map((row) => ({ userId: row.user_id, role: row.role, addedAt: row.added_at.toISOString() }));
}

/** How many members the organization has (the plan's `maxMembers`, `team_members` in a plan's limits). */
export async function countMembers(tx: TenantTransaction): Promise<number> {
  const { rows } = await tx.query<{ count: number }>('select count(*)::int as count from organization_users where organization_id = $1', [tx.organizationId]);
  return rows[0]?.count ?? 0;
}

/** How many teams the organization has (the `maxTeams` limit an organization's settings may set). */
export async function countTeams(tx: TenantTransaction): Promise<number> {
  const { rows } = await tx.query<{ count: number }>('select count(*)::int as count from teams where organization_id = $1', [tx.organizationId]);
  return rows[0]?.count ?? 0;
}
