import { type Migration } from '@weft/postgres';

/**
 * The runtime's bookkeeping. Log positions are unsigned 64-bit (an `xid8` and a
 * global position, or EventStoreDB's commit/prepare positions), so they are kept as
 * `numeric(20)`, exact for the whole range, and compared in code.
 */
export const projectionMigrations: readonly Migration[] = [
  {
    id: '202612012200_projections',
    up: `create table projection_checkpoints (
  projection text primary key,
  transaction_id numeric(20, 0),
  position numeric(20, 0),
  updated_at timestamptz not null default now(),
  check ((transaction_id is null) = (position is null))
);
create table projection_stream_versions (
  projection text not null,
  stream_id text not null,
  version bigint not null,
  primary key (projection, stream_id)
);
create table projection_offsets (
  projection text not null,
  topic text not null,
  partition integer not null,
  "offset" bigint not null,
  primary key (projection, topic, partition)
);
-- The start of a batch in one round trip: lock the checkpoint row (creating it), then
-- read the stream versions. Two statements of a volatile function, so the second
-- takes a fresh snapshot: after waiting for a rebuild's swap it sees the swapped-in
-- versions, which one statement with both parts would not.
create function weft_projection_begin_batch(p_projection text, p_streams text[],
  out o_transaction_id text, out o_position text, out o_versions jsonb)
language plpgsql volatile as $$
begin
  insert into projection_checkpoints as c (projection) values (p_projection)
    on conflict (projection) do update set projection = excluded.projection
    returning c.transaction_id::text, c.position::text into o_transaction_id, o_position;
  select coalesce(jsonb_object_agg(v.stream_id, v.version), '{}'::jsonb) into o_versions
    from projection_stream_versions v where v.projection = p_projection and v.stream_id = any(p_streams);
end $$;`,
    down: `drop function weft_projection_begin_batch(text, text[]);
drop table projection_offsets;
drop table projection_stream_versions;
drop table projection_checkpoints;`,
  },
];
