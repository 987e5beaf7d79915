import { tenantIsolationDdl } from '@weft/postgres';
import { type ProjectionTable } from '@weft/projections';

// The reference schema's `credentials` without its secret column: the ciphertext lives
// only in the Credential stream (and is stripped from the published events), so no
// read-model query can leak it, and key ids are not here either (the rotation job reads
// the streams). `usage_count` / `last_used_at` come from the execution events that name
// the credentials a run used.

const credentials = (t: string) => [
  `create table ${t} (
     id uuid not null,
     organization_id uuid not null,
     name text not null,
     type text not null,
     is_shared boolean not null default false,
     owner_id uuid not null,
     expires_at timestamptz,
     usage_count bigint not null default 0,
     last_used_at timestamptz,
     created_by uuid not null,
     updated_by uuid not null,
     created_at timestamptz not null,
     updated_at timestamptz not null,
     deleted_at timestamptz,
     reference_type text generated always as (${REFERENCE_TYPE}) stored,
     constraint ${t}_pkey primary key (id),
     constraint ${t}_type_check check (type in ('httpBasicAuth', 'httpHeaderAuth', 'httpBearerAuth', 'httpQueryAuth', 'oAuth2ClientCredentials', 'custom'))
   )`,
  // The list: newest first, keyset-paged on (created_at, id), deleted ones left out.
  `create index ${t}_organization_id_created_at_idx on ${t} (organization_id, created_at desc, id desc) where deleted_at is null`,
  ...referenceIndexes(t),
  ...tenantIsolationDdl(t),
];

/**
 * The reference's credential types (`oauth2`, `api_key`, `basic_auth`, `bearer_token`,
 * `custom`) beside Weft's n8n-style ones, for operators and auditors who query by them.
 */
const REFERENCE_TYPE = `case type when 'httpBasicAuth' then 'basic_auth' when 'httpBearerAuth' then 'bearer_token'
  when 'httpHeaderAuth' then 'api_key' when 'httpQueryAuth' then 'api_key' when 'oAuth2ClientCredentials' then 'oauth2' else 'custom' end`;

// The reference's (organization_id, type, is_shared), shaped for the list it serves: a type
// filter pages in order (created_at, id) straight from the index, `shared` checked on its rows.
// Expiring credentials (`?expiresBefore=`) are few: a partial index on the ones that expire.
const referenceIndexes = (t: string) => [
  `create index if not exists ${t}_organization_id_type_created_at_idx on ${t} (organization_id, type, created_at desc, id desc) where deleted_at is null`,
  `create index if not exists ${t}_organization_id_expires_at_idx on ${t} (organization_id, expires_at) where expires_at is not null and deleted_at is null`,
];

// Added after the first release: a table created by the older DDL gains them on start.
const upgradeCredentials = (t: string) => [
  `alter table ${t} add column if not exists reference_type text generated always as (${REFERENCE_TYPE}) stored`,
  ...referenceIndexes(t),
];

export const credentialsTables: readonly ProjectionTable[] = [{ name: 'credentials', create: credentials, upgrade: upgradeCredentials }];
