import { type Page, decodeCursor, pageOf, isUuid } from '@weft/kernel';
import { type InferEntity } from '@mikro-orm/postgresql';
import { type TenantEntityManager } from '@weft/orm';
import { SqlWhere, type TenantTransaction, containsPattern } from '@weft/postgres';
import { type CredentialEntity } from './workflows-entities.js';

// Every read here is a tenant read: it takes the tenant transaction (`withTenant`) and
// filters on its organization, with row-level security behind the filter.

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
  readonly shared?: boolean;
  /** Only credentials that expire before this instant (ISO 8601). */
  readonly expiresBefore?: string;
  /** Only credentials no run has used since this instant (never used included). */
  readonly unusedSince?: string;
}

/** The organization's credentials, newest first; keyset-paged on (created_at, id) by its index. */
export async function listCredentials(tx: TenantTransaction, filter: CredentialFilter, limit: number, cursor?: string): Promise<Page<CredentialView>> {
  const after = decodeCursor(cursor, ['timestamp', 'uuid']);
  const where = new SqlWhere();
  where.and(`organization_id = ${where.param(tx.organizationId)}`).and('deleted_at is null');
  if (filter.type) where.and(`type = ${where.param(filter.type)}`);
  if (filter.q) where.and(`name ilike ${where.param(containsPattern(filter.q))}`);
  if (filter.shared !== undefined) where.and(`is_shared = ${where.param(filter.shared)}`);
  if (filter.expiresBefore) where.and(`expires_at is not null and expires_at < ${where.param(filter.expiresBefore)}::timestamptz`);
  if (filter.unusedSince) where.and(`(last_used_at is null or last_used_at < ${where.param(filter.unusedSince)}::timestamptz)`);
  if (after) where.and(`(created_at, id) < (${where.param(after[0])}::timestamptz, ${where.param(after[1])}::uuid)`);
  const { rows } = await tx.query<CredentialRow>(
    `select ${COLUMNS} from credentials where ${where.sql} order by created_at desc, id desc limit ${where.param(limit + 1)}`,
    where.values,
  );
  return pageOf(rows, limit, viewOf, (row) => [row.created_at.toISOString(), row.id]);
}

/**
 * One credential of the organization, through MikroORM (docs/read-models-orm.md: a
 * low-rate single-row tenant read, where the EntityManager's cost is acceptable); the
 * entity's organization filter and row-level security both keep it to the organization.
 */
export async function findCredential(em: TenantEntityManager, credentialId: string): Promise<CredentialView | undefined> {
  if (!isUuid(credentialId)) return undefined;
  const { CredentialEntity } = await import('./workflows-entities.js'); // MikroORM loads with it, on first use
  const row = await em.findOne(CredentialEntity, { id: credentialId, deletedAt: null });
  return row === null ? undefined : entityViewOf(row);
}

const iso = (at: Date | null | undefined) => at?.toISOString() ?? null;

const entityViewOf = (row: InferEntity<typeof CredentialEntity>): CredentialView => ({
  id: row.id,
  name: row.name,
  type: row.type,
  isShared: row.isShared,
  ownerId: row.ownerId,
  expiresAt: iso(row.expiresAt),
  usageCount: Number(row.usageCount),
  lastUsedAt: iso(row.lastUsedAt),
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** How many credentials the organization has (the plan limit counts these). */
export async function countCredentials(tx: TenantTransaction): Promise<number> {
  const { rows } = await tx.query<{ count: string }>('select count(*) as count from credentials where organization_id = $1 and deleted_at is null', [
    tx.organizationId,
  ]);
  return Number(rows[0]?.count ?? 0);
}
