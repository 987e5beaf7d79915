// SQL shared by the event store's migrations: the append function's texts and the
// statements its versions have in common.

/**
 * `weft_append_events` as the first migration created it; the later migration that
 * replaces it restores this text on the way down.
 */
export const APPEND_EVENTS_V1 = `function weft_append_events(
  p_stream_id text, p_expected text, p_event_ids uuid[], p_types text[], p_schema_versions integer[],
  p_data jsonb[], p_metadata jsonb[], p_occurred_at timestamptz, p_hash_heads text[], p_hash_tails text[],
  out o_status text, out o_version bigint, out o_position bigint, out o_transaction xid8)
language plpgsql as $$
declare
  v_hash text;
  v_tombstoned boolean;
  v_hashes text[] := '{}';
begin
  select version, last_hash, tombstoned into o_version, v_hash, v_tombstoned from streams where stream_id = p_stream_id for update;
  if not found then
    if p_expected not in ('any', 'no_stream') then
      o_status := 'conflict'; o_version := -1; return;
    end if;
    insert into streams as s (stream_id) values (p_stream_id)
    on conflict (stream_id) do update set version = s.version
    returning s.version, s.last_hash, s.tombstoned into o_version, v_hash, v_tombstoned;
  end if;
  if v_tombstoned then
    o_status := 'deleted'; return;
  end if;
  if not (p_expected = 'any'
          or (p_expected = 'no_stream' and o_version < 0)
          or (p_expected = 'exists' and o_version >= 0)
          or (p_expected ~ '^[0-9]+$' and p_expected::bigint = o_version)) then
    o_status := 'conflict'; return;
  end if;
  if exists (select 1 from events where event_id = any(p_event_ids)) then
    o_status := 'duplicate'; return;
  end if;
  for i in 1 .. cardinality(p_event_ids) loop
    v_hash := encode(sha256(convert_to(v_hash || chr(10) || p_hash_heads[i] || (o_version + i)::text || p_hash_tails[i], 'UTF8')), 'hex');
    v_hashes := v_hashes || v_hash;
  end loop;
  with inserted as (
    insert into events (stream_id, stream_version, event_id, type, schema_version, data, metadata, occurred_at, hash)
    select p_stream_id, o_version + x.ord, x.id, x.t, x.sv, x.d, x.m, p_occurred_at, x.h
    from unnest(p_event_ids, p_types, p_schema_versions, p_data, p_metadata, v_hashes) with ordinality as x(id, t, sv, d, m, h, ord)
    returning global_position
  )
  select max(global_position) into o_position from inserted;
  o_version := o_version + cardinality(p_event_ids);
  o_transaction := pg_current_xact_id();
  o_status := 'ok';
  update streams set version = o_version, last_hash = v_hash where stream_id = p_stream_id;
end $$;`;

/**
 * The start of an append in the later append functions: lock (or create) the stream's
 * row, then refuse a tombstone or a wrong expected version. Shared text, so the
 * migrations that use it keep exactly the text (and checksum) they were applied with.
 */
export const LOCK_STREAM_AND_CHECK = `  select version, last_hash, tombstoned into o_version, v_hash, v_tombstoned from streams where stream_id = p_stream_id for update;
  if not found then
    if p_expected not in ('any', 'no_stream') then
      o_status := 'conflict'; o_version := -1; return;
    end if;
    insert into streams as s (stream_id) values (p_stream_id)
    on conflict (stream_id) do update set version = s.version
    returning s.version, s.last_hash, s.tombstoned into o_version, v_hash, v_tombstoned;
    v_created := o_version < 0;
  end if;
  if v_tombstoned then
    o_status := 'deleted'; return;
  end if;
  if not (p_expected = 'any'
          or (p_expected = 'no_stream' and o_version < 0)
          or (p_expected = 'exists' and o_version >= 0)
          or (p_expected ~ '^[0-9]+$' and p_expected::bigint = o_version)) then
    o_status := 'conflict'; return;
  end if;
`;

/** The insert of an append's events: their type, schema version, data and metadata are read from their canonical form. */
export const INSERT_CANONICAL_EVENTS = `
      with inserted as (
        insert into events (stream_id, stream_version, event_id, type, schema_version, data, metadata, occurred_at, hash)
        select p_stream_id, o_version + x.ord, x.id, x.e->>'type', (x.e->>'schemaVersion')::integer, x.e->'data', x.e->'metadata', p_occurred_at, x.h
        from unnest(p_event_ids, v_events, v_hashes) with ordinality as x(id, e, h, ord)
        returning global_position
      )
      select max(global_position) into o_position from inserted;`;
