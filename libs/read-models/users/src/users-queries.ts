import { type Queryable } from '@weft/postgres';

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
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The user with `id`, or `undefined` (also for a string that is not a uuid). */
export async function findUserById(db: Queryable, id: string): Promise<UserView | undefined> {
  if (!UUID.test(id)) return undefined;
  const { rows } = await db.query<UserRow>('select * from users where id = $1', [id]);
  const row = rows[0];
  return row === undefined ? undefined : toView(row);
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
  };
}
