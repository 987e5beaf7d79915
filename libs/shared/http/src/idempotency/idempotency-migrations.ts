import { type Migration } from '@weft/postgres';

/**
 * The table behind `Idempotency-Key` (see idempotency.ts). One row per
 * (caller, method, path, key), addressed by `id`, the sha256 of those four, so that
 * a long path never overflows the primary-key index. `caller_hash` is the sha256 of
 * the credential header, never the credential itself. A row is `in_flight` while its
 * first request runs (owned by `owner_token`, leased from `locked_at`) and `completed`
 * once the answer is stored; every row goes away after `expires_at`.
 */
export const idempotencyMigrations: readonly Migration[] = [
  {
    id: '202612020400_idempotency_keys',
    up: `create table idempotency_keys (
  id text primary key,
  caller_hash text not null,
  method text not null,
  path text not null,
  idempotency_key text not null,
  fingerprint text not null,
  state text not null default 'in_flight' check (state in ('in_flight', 'completed')),
  owner_token uuid,
  locked_at timestamptz not null default now(),
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  completed_at timestamptz,
  status integer,
  headers jsonb,
  body bytea,
  check ((state = 'completed') = (status is not null and owner_token is null))
);
create index idempotency_keys_expires_at on idempotency_keys (expires_at);`,
    down: 'drop table idempotency_keys',
  },
];
