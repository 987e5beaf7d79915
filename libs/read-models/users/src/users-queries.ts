import { type Queryable } from '@weft/postgres';
import { isUuid } from '@weft/kernel';

// Platform reads: users belong to no organization (the `users` table has no row-level
// security, and is granted to the tenant reader role for other contexts' joins), so these
// take the owner connection. Each is bounded by the user ids it is given.

/** A row of the `users` read model, as queries return it. */
export interface UserView {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: 'user' | 'admin' | 'super_admin';
  readonly emailVerified: boolean;
  readonly currentOrganizationId: string | null;
  readonly isActive: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly lastLoginAt: Date | null;
  /** The current deactivation (all `null` while the account is active). */
  readonly deactivatedAt: Date | null;
  readonly deactivatedBy: string | null;
  readonly deactivationReason: string | null;
  /** The last reactivation: access tokens issued before it stay refused. */
  readonly reactivatedAt: Date | null;
}

/** What authenticating a bearer token needs of its user: one primary-key read. */
export interface UserAccess {
  readonly role: UserView['role'];
  readonly isActive: boolean;
  readonly reactivatedAt: Date | null;
}

interface UserRow {
  id: string;
  name: string;
  email: string;
  role: UserView['role'];
  email_verified: boolean;
  current_organization_id: string | null;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
  last_login_at: Date | null;
  deactivated_at: Date | null;
  deactivated_by: string | null;
  deactivation_reason: string | null;
  reactivated_at: Date | null;
}

/** Platform read: the user with `id`, or `undefined` (also for a string that is not a uuid). */
export async function findUserById(db: Queryable, id: string): Promise<UserView | undefined> {
  if (!isUuid(id)) return undefined;
  const { rows } = await db.query<UserRow>('select * from users where id = $1', [id]);
  const row = rows[0];
  return row === undefined ? undefined : toView(row);
}

/**
 * Platform read: the current platform role and status of user `id`, for the bearer-token check of
 * every request (by primary key); `undefined` when the read model does not know the id.
 */
export async function findUserAccess(db: Queryable, id: string): Promise<UserAccess | undefined> {
  if (!isUuid(id)) return undefined;
  const { rows } = await db.query<Pick<UserRow, 'role' | 'is_active' | 'reactivated_at'>>('select role, is_active, reactivated_at from users where id = $1', [
    id,
  ]);
  const row = rows[0];
  return row === undefined ? undefined : { role: row.role, isActive: row.is_active, reactivatedAt: row.reactivated_at };
}

function toView(row: UserRow): UserView {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    emailVerified: row.email_verified,
    currentOrganizationId: row.current_organization_id,
    isActive: row.is_active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastLoginAt: row.last_login_at,
    deactivatedAt: row.deactivated_at,
    deactivatedBy: row.deactivated_by,
    deactivationReason: row.deactivation_reason,
    reactivatedAt: row.reactivated_at,
  };
}

/** Platform read: users by id (unknown and malformed ids left out), for the `USER_DIRECTORY` port (other contexts' member lists): one query. */
export async function findUsersByIds(db: Queryable, ids: readonly string[]): Promise<UserView[]> {
  const valid = [...new Set(ids.filter((id) => isUuid(id)).map((id) => id.toLowerCase()))];
  if (valid.length === 0) return [];
  const { rows } = await db.query<UserRow>('select * from users where id = any($1::uuid[])', [valid]);
  return rows.map(toView);
}
