// What "every event took effect exactly once" means for the counter projection,
// computed from the event log itself.
import { type Queryable } from '@weft/postgres';

export interface ExactlyOnceReport {
  /** `Counted` events in the log. */
  readonly events: number;
  /** Rows in seen_events, and how many distinct event ids they hold. */
  readonly rows: number;
  readonly distinctEvents: number;
  /** Streams whose counter differs from their number of `Counted` events. */
  readonly wrongCounters: readonly { stream_id: string; expected: number; actual: number | null }[];
}

export async function exactlyOnceReport(db: Queryable, prefix = ''): Promise<ExactlyOnceReport> {
  const totals = await db.query<{ events: string; rows: string; distinct_events: string }>(
    `select (select count(*) from events where type = 'Counted')::text as events,
            (select count(*) from ${prefix}seen_events)::text as rows,
            (select count(distinct event_id) from ${prefix}seen_events)::text as distinct_events`,
  );
  const wrong = await db.query<{ stream_id: string; expected: string; actual: string | null }>(
    `select e.stream_id, e.expected::text as expected, c.count::text as actual
     from (select stream_id, count(*) as expected from events where type = 'Counted' group by stream_id) e
     full join ${prefix}counters c using (stream_id)
     where c.count is distinct from e.expected`,
  );
  const row = totals.rows[0]!;
  return {
    events: Number(row.events),
    rows: Number(row.rows),
    distinctEvents: Number(row.distinct_events),
    wrongCounters: wrong.rows.map((r) => ({ stream_id: r.stream_id, expected: Number(r.expected), actual: r.actual === null ? null : Number(r.actual) })),
  };
}
