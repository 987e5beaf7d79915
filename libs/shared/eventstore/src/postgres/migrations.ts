import { type Migration } from '@weft/postgres';
import { APPEND_EVENTS_V1, INSERT_CANONICAL_EVENTS, LOCK_STREAM_AND_CHECK } from './append-function-sql.js';

/**
 * The event store's schema. `events` is the append-only log; `streams` holds one row per
 * stream, locked by every append to that stream (expected-version checks, hash chain
 * head) and carrying tombstones and retention policies.
 */
export const eventStoreMigrations: readonly Migration[] = [
  {
    id: '202611290100_event_store',
    up: `
create table streams (
  stream_id text primary key,
  version bigint not null default -1,
  last_hash text not null default '',
  anchor_hash text not null default '',
  tombstoned boolean not null default false,
  retention_max_age interval,
  retention_max_count integer,
  created_at timestamptz not null default now()
);
create index streams_retention on streams (stream_id) where tombstoned or retention_max_age is not null or retention_max_count is not null;

create table events (
  global_position bigint generated always as identity primary key,
  stream_id text not null,
  stream_version bigint not null,
  event_id uuid not null unique,
  type text not null,
  schema_version integer not null,
  data jsonb not null,
  metadata jsonb not null,
  occurred_at timestamptz not null,
  hash text not null,
  transaction_id xid8 not null default pg_current_xact_id(),
  unique (stream_id, stream_version)
);
create index events_log on events (transaction_id, global_position);
create index events_organization_log on events ((metadata->>'organizationId'), transaction_id, global_position);

-- One append in one statement: lock the stream row, check the expected version, chain
-- the hashes, insert the events, move the head. Called on its own it is its own
-- transaction: one round trip. Refusals come back as a status, not as exceptions (the
-- embedded PGlite's socket drops the connection after some errors raised in functions);
-- a unique violation on event_id can still be raised by a concurrent duplicate.
create ${APPEND_EVENTS_V1}

`,
    down: `
drop function weft_append_events;
drop table events;
drop table streams;
`,
  },
  {
    id: '202612020900_event_store_append_streams',
    up: `
-- Group commit: appends to several streams in one statement and one transaction, each
-- decided exactly as weft_append_events decides it alone (a refusal of one is its own
-- status; the others still commit). The caller orders the streams by id, so two group
-- commits lock shared streams in the same order and cannot deadlock.
create function weft_append_streams(
  p_stream_ids text[], p_expected text[], p_counts integer[], p_event_ids uuid[], p_types text[], p_schema_versions integer[],
  p_data jsonb[], p_metadata jsonb[], p_occurred_at timestamptz, p_hash_heads text[], p_hash_tails text[])
returns table (o_index integer, o_status text, o_version bigint, o_position bigint, o_transaction xid8)
language plpgsql as $$
declare
  v_from integer := 1;
  v_to integer;
begin
  for i in 1 .. cardinality(p_stream_ids) loop
    v_to := v_from + p_counts[i] - 1;
    o_index := i;
    select a.o_status, a.o_version, a.o_position, a.o_transaction into o_status, o_version, o_position, o_transaction
      from weft_append_events(p_stream_ids[i], p_expected[i], p_event_ids[v_from:v_to], p_types[v_from:v_to], p_schema_versions[v_from:v_to],
                              p_data[v_from:v_to], p_metadata[v_from:v_to], p_occurred_at, p_hash_heads[v_from:v_to], p_hash_tails[v_from:v_to]) a;
    return next;
    v_from := v_to + 1;
  end loop;
end $$;
`,
    down: 'drop function weft_append_streams',
  },
  {
    id: '202612020905_event_store_new_stream_append',
    up: `
create or replace function weft_append_events(
  p_stream_id text, p_expected text, p_event_ids uuid[], p_types text[], p_schema_versions integer[],
  p_data jsonb[], p_metadata jsonb[], p_occurred_at timestamptz, p_hash_heads text[], p_hash_tails text[],
  out o_status text, out o_version bigint, out o_position bigint, out o_transaction xid8)
language plpgsql as $$
declare
  v_hash text;
  v_tombstoned boolean;
  v_hashes text[] := '{}';
  v_created boolean := false;
begin
${LOCK_STREAM_AND_CHECK}  -- A repeat carries the event ids of an earlier append to this stream, so for a
  -- stream created just now the probe (random ids: one index page each) is skipped and
  -- the unique index decides, caught here so the refusal is still a status.
  if not v_created and exists (select 1 from events where event_id = any(p_event_ids)) then
    o_status := 'duplicate'; return;
  end if;
  for i in 1 .. cardinality(p_event_ids) loop
    v_hash := encode(sha256(convert_to(v_hash || chr(10) || p_hash_heads[i] || (o_version + i)::text || p_hash_tails[i], 'UTF8')), 'hex');
    v_hashes := v_hashes || v_hash;
  end loop;
  if v_created then
    begin
      with inserted as (
        insert into events (stream_id, stream_version, event_id, type, schema_version, data, metadata, occurred_at, hash)
        select p_stream_id, o_version + x.ord, x.id, x.t, x.sv, x.d, x.m, p_occurred_at, x.h
        from unnest(p_event_ids, p_types, p_schema_versions, p_data, p_metadata, v_hashes) with ordinality as x(id, t, sv, d, m, h, ord)
        returning global_position
      )
      select max(global_position) into o_position from inserted;
    exception when unique_violation then
      o_status := 'duplicate'; return;
    end;
  else
    with inserted as (
      insert into events (stream_id, stream_version, event_id, type, schema_version, data, metadata, occurred_at, hash)
      select p_stream_id, o_version + x.ord, x.id, x.t, x.sv, x.d, x.m, p_occurred_at, x.h
      from unnest(p_event_ids, p_types, p_schema_versions, p_data, p_metadata, v_hashes) with ordinality as x(id, t, sv, d, m, h, ord)
      returning global_position
    )
    select max(global_position) into o_position from inserted;
  end if;
  o_version := o_version + cardinality(p_event_ids);
  o_transaction := pg_current_xact_id();
  o_status := 'ok';
  update streams set version = o_version, last_hash = v_hash where stream_id = p_stream_id;
end $$;
`,
    down: `
create or replace ${APPEND_EVENTS_V1}
`,
  },
  {
    id: '202612021500_event_store_canonical_append',
    up: `
-- The append takes each event once, as the canonical JSON its hash covers (head and
-- tail around the stream version, known only here), and reads type, schema version,
-- data and metadata from it: the caller no longer sends data and metadata a second time
-- as jsonb arrays. Decided exactly as weft_append_events.
create function weft_append_canonical(
  p_stream_id text, p_expected text, p_event_ids uuid[], p_occurred_at timestamptz, p_parts text[],
  out o_status text, out o_version bigint, out o_position bigint, out o_transaction xid8)
language plpgsql as $$
declare
  v_hash text;
  v_tombstoned boolean;
  v_created boolean := false;
  v_document text;
  v_hashes text[] := '{}';
  v_events jsonb[] := '{}';
begin
${LOCK_STREAM_AND_CHECK}  -- For a stream created just now the probe is skipped and the unique index decides (as weft_append_events).
  if not v_created and exists (select 1 from events where event_id = any(p_event_ids)) then
    o_status := 'duplicate'; return;
  end if;
  for i in 1 .. cardinality(p_event_ids) loop
    v_document := p_parts[2 * i - 1] || (o_version + i)::text || p_parts[2 * i];
    v_hash := encode(sha256(convert_to(v_hash || chr(10) || v_document, 'UTF8')), 'hex');
    v_hashes := v_hashes || v_hash;
    v_events := v_events || v_document::jsonb;
  end loop;
  if v_created then
    begin${INSERT_CANONICAL_EVENTS}
    exception when unique_violation then
      o_status := 'duplicate'; return;
    end;
  else${INSERT_CANONICAL_EVENTS}
  end if;
  o_version := o_version + cardinality(p_event_ids);
  o_transaction := pg_current_xact_id();
  o_status := 'ok';
  update streams set version = o_version, last_hash = v_hash where stream_id = p_stream_id;
end $$;

-- Group commit over weft_append_canonical. p_parts: every event's head and tail in
-- order, joined by the record separator (chr(30)), which canonical JSON never contains
-- unescaped: one text parameter instead of array literals to escape and parse.
create function weft_append_streams_canonical(
  p_stream_ids text[], p_expected text[], p_counts integer[], p_event_ids uuid[], p_occurred_at timestamptz, p_parts text)
returns table (o_index integer, o_status text, o_version bigint, o_position bigint, o_transaction xid8)
language plpgsql as $$
declare
  v_parts text[] := string_to_array(p_parts, chr(30));
  v_from integer := 1;
  v_to integer;
begin
  for i in 1 .. cardinality(p_stream_ids) loop
    v_to := v_from + p_counts[i] - 1;
    o_index := i;
    select a.o_status, a.o_version, a.o_position, a.o_transaction into o_status, o_version, o_position, o_transaction
      from weft_append_canonical(p_stream_ids[i], p_expected[i], p_event_ids[v_from:v_to], p_occurred_at, v_parts[2 * v_from - 1:2 * v_to]) a;
    return next;
    v_from := v_to + 1;
  end loop;
end $$;
`,
    down: `
drop function weft_append_streams_canonical;
drop function weft_append_canonical;
`,
  },
  {
    id: '202612021600_event_store_new_streams',
    up: `
-- Appends that create their streams, in one set-based statement: the caller sends each
-- event's complete canonical document and hash (versions from 0, the chain from the
-- empty hash: nothing about a new stream is known only here). Streams are created with
-- \`on conflict do nothing\`; one that exists already (or is created concurrently) gets
-- none of its events inserted and comes back as 'conflict', to be decided on its own. A
-- repeated event id fails the whole statement (unique index), and each append is then
-- decided on its own too.
create function weft_append_new_streams(
  p_stream_ids text[], p_last_hashes text[], p_counts integer[], p_event_ids uuid[], p_occurred_at timestamptz, p_documents text, p_hashes text[])
returns table (o_index integer, o_status text, o_version bigint, o_position bigint, o_transaction xid8)
-- plpgsql, not sql: its statement plan is cached per connection (an sql function is planned on every call).
language plpgsql as $$
begin
  return query
  with streams_in as materialized (
    select s.stream_id, s.last_hash, s.count, s.ord::integer as idx, (sum(s.count) over (order by s.ord) - s.count)::integer as first_event
      from unnest(p_stream_ids, p_last_hashes, p_counts) with ordinality as s(stream_id, last_hash, count, ord)
  ),
  created as (
    insert into streams (stream_id, version, last_hash)
    select stream_id, count - 1, last_hash from streams_in
    on conflict (stream_id) do nothing
    returning stream_id
  ),
  events_in as materialized (
    select e.ord::integer as ord, e.id, e.hash, e.document::jsonb as event
      from unnest(p_event_ids, string_to_array(p_documents, chr(30)), p_hashes) with ordinality as e(id, document, hash, ord)
  ),
  inserted as (
    insert into events (stream_id, stream_version, event_id, type, schema_version, data, metadata, occurred_at, hash)
    select s.stream_id, e.ord - s.first_event - 1, e.id, e.event->>'type', (e.event->>'schemaVersion')::integer, e.event->'data', e.event->'metadata',
           p_occurred_at, e.hash
      from events_in e
      join streams_in s on e.ord > s.first_event and e.ord <= s.first_event + s.count
     where s.stream_id in (select stream_id from created)
     order by e.ord
    returning stream_id, global_position
  ),
  positions as (select stream_id, max(global_position) as position from inserted group by stream_id)
  select s.idx, case when p.stream_id is null then 'conflict' else 'ok' end,
         case when p.stream_id is null then -1 else s.count - 1 end::bigint, p.position, pg_current_xact_id()
    from streams_in s left join positions p on p.stream_id = s.stream_id
   order by s.idx;
end $$;
`,
    down: 'drop function weft_append_new_streams',
  },
];
