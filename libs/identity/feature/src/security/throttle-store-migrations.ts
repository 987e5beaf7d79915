import { type Migration } from '@weft/postgres';

/**
 * The table behind `PostgresThrottleStore`: one row per hit. `key_hash` is the sha256
 * (hex) of the throttled key, so the table holds no email or IP address. The first
 * index serves the reads (the latest hits of one key), the second the pruning (every
 * hit of a scope older than its window); see postgres-throttle-store.ts.
 */
export const throttleStoreMigrations: readonly Migration[] = [
  {
    id: '202612020445_auth_throttle_hits',
    up: `create table auth_throttle_hits (
  scope text not null,
  key_hash text not null,
  at timestamptz not null
);
create index auth_throttle_hits_key on auth_throttle_hits (scope, key_hash, at);
create index auth_throttle_hits_scope_at on auth_throttle_hits (scope, at);`,
    down: 'drop table auth_throttle_hits',
  },
];
