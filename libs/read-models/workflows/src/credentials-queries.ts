import { type Page, decodeCursor, pageOf } from '@weft/kernel';
import { type Queryable } from '@weft/postgres';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A credential as the API shows it: metadata, never anything of its data. */
export interface CredentialView {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly isShared: boolean;
  readonly ownerId: string;
  readonly expiresAt: string | null;
  readonly usageCount: number;
  readonly lastUsedAt: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

interface CredentialRow {
  id: string;
  name: string;
  type: string;
  is_shared: boolean;
  owner_id: string;
  expires_at: Date | null;
  usage_count: string;
  last_used_at: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, name, type, is_shared, owner_id, expires_at, usage_count, last_used_at, created_by, created_at, updated_at';

const viewOf = (row: CredentialRow): CredentialView => ({
  id: row.id,
  name: row.name,
  type: row.type,
  isShared: row.is_shared,
  ownerId: row.owner_id,
  expiresAt: row.expires_at?.toISOString() ?? null,
  usageCount: Number(row.usage_count),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export interface CredentialFilter {
  readonly type?: string;
  /** Case-insensitive substring of the name. */
  readonly q?: string;
}

/** The organization's credentials, newest first; keyset-paged on (created_at, id) by its index. */
export async function listCredentials(db: Queryable, organizationId: string, filter: CredentialFilter, limit: number, cursor?: string): Promise<Page<CredentialView>> {
  const after = decodeCursor(cursor, 2);
  const conditions = ['organization_id = $1', 'deleted_at is null'];
  const values: unknown[] = [organizationId];
  const add = (sql: (n: number) => string, value: unknown) => {
    values.push(value);
    conditions.push(sql(values.length));
  };
  if (filter.type) add((n) => `type = $${n}`, filter.type);
  if (filter.q) add((n) => `name ilike $${n}`, `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (after) {
    values.push(after[0], after[1]);
    conditions.push(`(created_at, id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
  }
  values.push(limit + 1);
  const { rows } = await db.query<CredentialRow>(`select ${COLUMNS} from credentials where ${conditions.join(' and ')} order by created_at desc, id desc limit $${values.length}`, values);
  return pageOf(rows, limit, viewOf, (row) => [row.created_at.toISOString(), row.id]);
}

export async function findCredential(db: Queryable, organizationId: string, credentialId: string): Promise<CredentialView | undefined> {
  if (!UUID.test(credentialId)) return undefined;
  const { rows } = await db.query<CredentialRow>(`select ${COLUMNS} from credentials where organization_id = $1 and id = $2 and deleted_at is null`, [organizationId, credentialId]);
  return rows[0] === undefined ? undefined : viewOf(rows[0]);
}

/** How many credentials the organization has (the plan limit counts these). */
export async function countCredentials(db: Queryable, organizationId: string): Promise<number> {
  const { rows } = await db.query<{ count: string }>('select count(*) as count from credentials where organization_id = $1 and deleted_at is null', [organizationId]);
  return Number(rows[0]?.count ?? 0);
}
