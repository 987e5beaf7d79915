import { type Page, decodeCursor, pageOf } from '@weft/kernel';
import { type Queryable, type TenantTransaction } from '@weft/postgres';

// Tenancy by type: the queries of one organization's keys take the tenant transaction
// (`withTenant(db, organizationId, tx => ...)`) and filter by `tx.organizationId`, so they
// cannot be called without a tenant, and row-level security backs the filter up.
// The authenticator's reads (a key by its hash, the touch of its use) are platform reads:
// they run before any organization is known, on the owner connection.

/** An API key as lists show it: never the key, never its hash. */
export interface ApiKeyView {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

interface ApiKeyRow {
  id: string;
  organization_id: string;
  name: string;
  prefix: string;
  created_by: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const view = (row: ApiKeyRow): ApiKeyView => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
  expiresAt: row.expires_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
});

const COLUMNS = 'id, organization_id, name, prefix, created_by, created_at, expires_at, revoked_at, last_used_at';

/** The transaction's organization's keys, by creation time (the id breaks ties); revoked and expired ones too. */
export async function listApiKeys(tx: TenantTransaction, limit: number, cursor?: string): Promise<Page<ApiKeyView>> {
  const after = decodeCursor(cursor, ['timestamp', 'uuid']);
  const { rows } = await tx.query<ApiKeyRow>(
    `select ${COLUMNS} from api_keys where organization_id = $1 and ($2::timestamptz is null or (created_at, id) > ($2::timestamptz, $3::uuid))
      order by created_at, id limit $4`,
    [tx.organizationId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
  );
  return pageOf(rows, limit, view, (row) => [row.created_at.toISOString(), row.id]);
}

/** The key `apiKeyId` of the transaction's organization; a key of another organization is `undefined`. */
export async function findApiKey(tx: TenantTransaction, apiKeyId: string): Promise<ApiKeyView | undefined> {
  const { rows } = await tx.query<ApiKeyRow>(`select ${COLUMNS} from api_keys where organization_id = $1 and id = $2`, [tx.organizationId, apiKeyId]);
  return rows[0] === undefined ? undefined : view(rows[0]);
}

/**
 * Platform read, `X-API-Key` authentication: the key names its organization, so there is
 * no tenant before this lookup. The usable key with this hash: not revoked, not expired
 * at `now`, and not created by a user who is deactivated now (the key works again if they
 * are reactivated). Both reads are unique-index lookups in one statement. A creator the
 * `users` read model does not know does not block the key: deactivation always follows
 * that user's registration in the same projection, so an unknown creator cannot be a
 * deactivated one.
 */
export async function findUsableApiKeyByHash(db: Queryable, keyHash: string, now: Date): Promise<{ id: string; organizationId: string } | undefined> {
  const { rows } = await db.query<{ id: string; organization_id: string }>(
    `select k.id, k.organization_id from api_keys k
      where k.key_hash = $1 and k.revoked_at is null and (k.expires_at is null or k.expires_at > $2)
        and not exists (select 1 from users u where u.id = k.created_by and not u.is_active)`,
    [keyHash, now],
  );
  return rows[0] === undefined ? undefined : { id: rows[0].id, organizationId: rows[0].organization_id };
}

/** Platform write by the authenticator (by primary key): records a use; skipped when the last one is under a minute old, so a busy key costs no write per request. */
export async function touchApiKey(db: Queryable, apiKeyId: string, now: Date): Promise<void> {
  await db.query(`update api_keys set last_used_at = $2 where id = $1 and (last_used_at is null or last_used_at < $2::timestamptz - interval '1 minute')`, [
    apiKeyId,
    now,
  ]);
}
