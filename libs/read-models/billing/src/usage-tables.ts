import { type Migration, type Queryable, tenantIsolationDdl } from '@weft/postgres';

/**
 * `billing_api_calls`: API calls per organization and hour, counted at the edge (the
 * gateway, or the platform in the embedded mode); `billing_storage`: the bytes each
 * organization stores, measured by billing's storage meter. Migrations rather than
 * projection tables: neither comes from events, so a rebuild of billing's read models
 * must not empty them.
 */
export const billingUsageMigrations: readonly Migration[] = [
  {
    id: '202612080000_billing_api_calls',
    up: [
      `create table if not exists billing_api_calls (
         organization_id uuid not null,
         hour timestamptz not null,
         quantity bigint not null,
         constraint billing_api_calls_pkey primary key (organization_id, hour)
       )`,
      ...tenantIsolationDdl('billing_api_calls'),
    ].join(';\n'),
    down: 'drop table if exists billing_api_calls',
  },
  {
    id: '202612080001_billing_storage',
    up: [
      `create table if not exists billing_storage (
         organization_id uuid not null,
         bytes bigint not null,
         measured_at timestamptz not null,
         constraint billing_storage_pkey primary key (organization_id)
       )`,
      ...tenantIsolationDdl('billing_storage'),
    ].join(';\n'),
    down: 'drop table if exists billing_storage',
  },
];

export interface ApiCallCount {
  readonly organizationId: string;
  readonly hour: Date;
  readonly quantity: number;
}

/** Adds the counts (one statement); answers each (organization, hour)'s new total, from every replica's calls. */
export async function addApiCalls(db: Queryable, counts: readonly ApiCallCount[]): Promise<ApiCallCount[]> {
  if (counts.length === 0) return [];
  const { rows } = await db.query<{ organization_id: string; hour: Date; quantity: string }>(
    `insert into billing_api_calls (organization_id, hour, quantity)
     select * from unnest($1::uuid[], $2::timestamptz[], $3::bigint[])
     on conflict (organization_id, hour) do update set quantity = billing_api_calls.quantity + excluded.quantity
     returning organization_id, hour, quantity::text as quantity`,
    [counts.map((c) => c.organizationId), counts.map((c) => c.hour), counts.map((c) => c.quantity)],
  );
  return rows.map((row) => ({ organizationId: row.organization_id, hour: row.hour, quantity: Number(row.quantity) }));
}

/** The organization's API calls counted in `hour` (the edge writes them every second or so). */
export async function apiCallsOf(db: Queryable, organizationId: string, hour: Date): Promise<number> {
  const { rows } = await db.query<{ quantity: string }>('select quantity::text as quantity from billing_api_calls where organization_id = $1 and hour = $2', [
    organizationId,
    hour,
  ]);
  return Number(rows[0]?.quantity ?? 0);
}

const UUID_TEXT = `'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`;

/**
 * Measures every organization's stored bytes at `at` (on disk, after compression): its
 * events in the PostgreSQL event store and its execution payloads kept outside them,
 * whichever of the two tables this database holds. A full scan of both, grouped:
 * a job's work, run every BILLING_STORAGE_INTERVAL_MS, never a request's.
 */
export async function measureStorage(db: Queryable, at: Date): Promise<number> {
  const { rows: present } = await db.query<{ events: boolean; payloads: boolean }>(
    `select to_regclass('events') is not null as events, to_regclass('execution_payloads') is not null as payloads`,
  );
  const parts = [
    present[0]?.events
      ? `select (metadata->>'organizationId')::uuid as organization_id, sum(pg_column_size(data) + pg_column_size(metadata))::bigint as bytes
           from events where metadata->>'organizationId' ~ ${UUID_TEXT} group by 1`
      : undefined,
    present[0]?.payloads ? 'select organization_id, sum(pg_column_size(data))::bigint as bytes from execution_payloads group by 1' : undefined,
  ].filter((part) => part !== undefined);
  if (parts.length === 0) return 0;
  const { rowCount } = await db.query(
    `insert into billing_storage (organization_id, bytes, measured_at)
     select organization_id, sum(bytes), $1 from (${parts.join(' union all ')}) held group by organization_id
     on conflict (organization_id) do update set bytes = excluded.bytes, measured_at = excluded.measured_at`,
    [at],
  );
  // An organization that holds nothing any more.
  await db.query('delete from billing_storage where measured_at < $1', [at]);
  return rowCount ?? 0;
}

/** The organization's stored bytes as last measured (0 before the first measurement). */
export async function storedBytesOf(db: Queryable, organizationId: string): Promise<number> {
  const { rows } = await db.query<{ bytes: string }>('select bytes::text as bytes from billing_storage where organization_id = $1', [organizationId]);
  return Number(rows[0]?.bytes ?? 0);
}
