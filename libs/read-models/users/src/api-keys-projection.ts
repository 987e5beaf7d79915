import { type ApiKeyCreatedData, type ApiKeyRevokedData } from '@weft/contracts';
import { contextOfStream } from '@weft/kernel';
import { tenantIsolationDdl } from '@weft/postgres';
import { type ProjectionDefinition } from '@weft/projections';

export const API_KEYS_PROJECTION = 'identity_api_keys';

const createApiKeys = (t: string) => [
  `create table ${t} (
     id uuid not null,
     organization_id uuid not null,
     name text not null,
     prefix text not null,
     key_hash text not null,
     created_by uuid not null,
     created_at timestamptz not null,
     expires_at timestamptz,
     revoked_at timestamptz,
     last_used_at timestamptz,
     constraint ${t}_pkey primary key (id)
   )`,
  // X-API-Key authentication looks a key up by its hash on every request.
  `create unique index ${t}_key_hash_key on ${t} (key_hash)`,
  `create index ${t}_organization_id_created_at_idx on ${t} (organization_id, created_at, id)`,
  ...tenantIsolationDdl(t),
];

/**
 * The `api_keys` read model. It holds the sha256 of each key (the key itself is shown
 * once and stored nowhere): a 256-bit random key cannot be recovered from its hash, and
 * the lookup by hash is what authenticates `X-API-Key`. `last_used_at` is written by
 * the authenticator (a touch at most once a minute), not by events: it would be an
 * event per request otherwise, and a rebuild only loses that timestamp.
 */
export const apiKeysProjection: ProjectionDefinition = {
  name: API_KEYS_PROJECTION,
  tables: [{ name: 'api_keys', create: createApiKeys }],
  async apply(event, tx) {
    if (contextOfStream(event.streamId) !== 'identity') return;
    const table = tx.table('api_keys');
    if (event.type === 'ApiKeyCreated') {
      const d = event.data as ApiKeyCreatedData;
      await tx.query(
        `insert into ${table} (id, organization_id, name, prefix, key_hash, created_by, created_at, expires_at) values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing`,
        [d.apiKeyId, d.organizationId, d.name, d.prefix, d.keyHash, d.createdBy, d.createdAt, d.expiresAt],
      );
    } else if (event.type === 'ApiKeyRevoked') {
      const d = event.data as ApiKeyRevokedData;
      await tx.query(`update ${table} set revoked_at = coalesce(revoked_at, $3) where id = $1 and organization_id = $2`, [
        d.apiKeyId,
        d.organizationId,
        d.revokedAt,
      ]);
    }
  },
};
