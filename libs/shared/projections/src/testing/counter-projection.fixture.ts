// The projection the tests and benchmarks run: a counter per stream and a row per
// event. `seen_events` deliberately has no unique key on the event id, so an event
// applied twice shows up as a duplicate row instead of failing.
import { randomUUID } from 'node:crypto';
import { type NewEvent, type RecordedEvent } from '@weft/kernel';
import { type ProjectionDefinition, type ProjectionTransaction } from '../projection.js';

export interface CounterProjectionOptions {
  /** Prefix of the table names, so several copies can live in one database. */
  readonly prefix?: string;
  /** Use the one-statement-per-batch handler (`applyBatch`). */
  readonly batched?: boolean;
  /** Throw on events whose data has `poison: true`, while this returns true. */
  readonly poisoned?: () => boolean;
}

const counted = (event: RecordedEvent) => event.type === 'Counted';

async function applyOne(event: RecordedEvent, tx: ProjectionTransaction, options: CounterProjectionOptions): Promise<void> {
  if ((event.data as { poison?: boolean }).poison && options.poisoned?.()) throw new Error(`poisoned event ${event.eventId}`);
  if (!counted(event)) return;
  await tx.query(
    `insert into ${tx.table('counters')} (stream_id, count, last_version) values ($1, 1, $2)
     on conflict (stream_id) do update set count = ${tx.table('counters')}.count + 1, last_version = excluded.last_version`,
    [event.streamId, event.streamVersion],
  );
  await tx.query(`insert into ${tx.table('seen_events')} (event_id, stream_id, stream_version) values ($1, $2, $3)`, [
    event.eventId,
    event.streamId,
    event.streamVersion,
  ]);
}

/** Two statements per batch whatever its size: what a fast projection looks like. */
async function applyMany(events: readonly RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
  const rows = events.filter(counted);
  if (rows.length === 0) return;
  const counters = tx.table('counters');
  await tx.query(
    `insert into ${counters} (stream_id, count, last_version)
     select stream_id, count(*), max(version) from unnest($1::text[], $2::bigint[]) as u(stream_id, version) group by stream_id
     on conflict (stream_id) do update set count = ${counters}.count + excluded.count, last_version = excluded.last_version`,
    [rows.map((e) => e.streamId), rows.map((e) => e.streamVersion)],
  );
  await tx.query(
    `insert into ${tx.table('seen_events')} (event_id, stream_id, stream_version)
     select * from unnest($1::uuid[], $2::text[], $3::bigint[])`,
    [rows.map((e) => e.eventId), rows.map((e) => e.streamId), rows.map((e) => e.streamVersion)],
  );
}

/** The counter projection under `name`, its tables `<prefix>counters` and `<prefix>seen_events`. */
export function counterProjection(name: string, options: CounterProjectionOptions = {}): ProjectionDefinition {
  const prefix = options.prefix ?? '';
  return {
    name,
    tables: [
      {
        name: `${prefix}counters`,
        create: (t) => [
          `create table ${t} (stream_id text not null, count bigint not null, last_version bigint not null, constraint ${t}_pkey primary key (stream_id))`,
        ],
      },
      {
        name: `${prefix}seen_events`,
        create: (t) => [
          `create table ${t} (event_id uuid not null, stream_id text not null, stream_version bigint not null)`,
          `create index ${t}_stream_idx on ${t} (stream_id, stream_version)`,
        ],
      },
    ],
    apply: (event, tx) => applyOne(event, withPrefix(tx, prefix), options),
    ...(options.batched ? { applyBatch: (events: readonly RecordedEvent[], tx: ProjectionTransaction) => applyMany(events, withPrefix(tx, prefix)) } : {}),
  };
}

/** Lets the handlers say `counters` whatever the prefix. */
function withPrefix(tx: ProjectionTransaction, prefix: string): ProjectionTransaction {
  return { query: tx.query.bind(tx), table: (name) => tx.table(`${prefix}${name}`) };
}

/** A `Counted` event (or, with `type`, one the projection ignores). */
export function countedEvent(data: Record<string, unknown> = {}, type = 'Counted'): NewEvent {
  return { eventId: randomUUID(), type, schemaVersion: 1, data, metadata: { organizationId: 'org-test' } };
}
