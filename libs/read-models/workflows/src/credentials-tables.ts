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
     constraint ${t}_pkey primary key (id),
     constraint ${t}_type_check check (type in ('httpBasicAuth', 'httpHeaderAuth', 'httpBearerAuth', 'httpQueryAuth', 'oAuth2ClientCredentials', 'custom'))
   )`,
  // The list: newest first, keyset-paged on (created_at, id), deleted ones left out.
  `create index ${t}_organization_id_created_at_idx on ${t} (organization_id, created_at desc, id desc) where deleted_at is null`,
  ...tenantIsolationDdl(t),
];

export const credentialsTables: readonly ProjectionTable[] = [{ name: 'credentials', create: credentials }];
