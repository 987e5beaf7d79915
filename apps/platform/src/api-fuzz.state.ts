// What the API fuzz suite (api-fuzz.e2e.spec.ts) compares of the victim tenant before and
// after the run, read from the database directly: the events of its streams and a
// digest of every read-model row that carries its organization id. Nothing of the
// victim runs during the fuzzing, so nothing of it may move, not even a timestamp.

/** The part of a PostgreSQL pool this needs (`createTestDatabase().db`). */
export interface Queryable {
  query<Row extends Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<{ rows: Row[] }>;
}

export interface VictimRef {
  readonly orgId: string;
  readonly userIds: readonly string[];
}

export interface StoredState {
  /** The event log's head when the snapshot was taken. */
  readonly lastPosition: string;
  readonly eventCount: number;
  /** `table: rows digest` of each read model, and of the organization and user rows. */
  readonly readModels: readonly string[];
}

// Events of the victim: its organization's (metadata.organizationId), and its users' own streams (no organization in their metadata).
const VICTIM_EVENTS = "(metadata->>'organizationId' = $1 or stream_id = any($2::text[]))";
const userStreams = (victim: VictimRef) => victim.userIds.flatMap((id) => [`identity.User-${id}`, `identity.UserSessions-${id}`]);

/**
 * Billing's meters move without anyone touching tenant B: its own members' reads (the
 * baseline's answers) are API calls it is billed for, and the storage meter stamps each
 * measurement with its time.
 */
const METERS = ['billing_api_calls', 'billing_storage'];

/** Tables with an organization_id (partitions counted through their parent), but the meters. */
async function organizationTables(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ table_name: string }>(
    `select c.table_name from information_schema.columns c
       join pg_class k on k.relname = c.table_name and k.relnamespace = 'public'::regnamespace
      where c.table_schema = 'public' and c.column_name = 'organization_id' and not k.relispartition and c.table_name <> all($1::text[])
      order by c.table_name`,
    [METERS],
  );
  return rows.map((row) => row.table_name);
}

async function digest(db: Queryable, label: string, from: string, where: string, values: readonly unknown[]): Promise<string> {
  const { rows } = await db.query<{ n: number; digest: string }>(
    `select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${from} t where ${where}`,
    values,
  );
  return `${label}: ${rows[0]?.n} rows ${rows[0]?.digest}`;
}

export async function storedState(db: Queryable, victim: VictimRef): Promise<StoredState> {
  const events = await db.query<{ n: number; head: string }>(
    `select count(*) filter (where ${VICTIM_EVENTS})::int as n, coalesce(max(global_position), 0)::text as head from events`,
    [victim.orgId, userStreams(victim)],
  );
  const tables = await organizationTables(db);
  const readModels = await Promise.all([
    ...tables.map((table) => digest(db, table, table, 't.organization_id = $1', [victim.orgId])),
    digest(db, 'organizations', 'organizations', 't.id = $1', [victim.orgId]),
    digest(db, 'users', 'users', 't.id = any($1::uuid[])', [victim.userIds]),
  ]);
  return { lastPosition: events.rows[0]?.head ?? '0', eventCount: events.rows[0]?.n ?? 0, readModels };
}

/** The victim's events appended after `state` was taken: `stream type` each, in log order. */
export async function eventsSince(db: Queryable, victim: VictimRef, state: StoredState): Promise<string[]> {
  const { rows } = await db.query<{ stream_id: string; type: string }>(
    `select stream_id, type from events where global_position > $3 and ${VICTIM_EVENTS} order by global_position`,
    [victim.orgId, userStreams(victim), state.lastPosition],
  );
  return rows.map((row) => `${row.stream_id} ${row.type}`);
}
