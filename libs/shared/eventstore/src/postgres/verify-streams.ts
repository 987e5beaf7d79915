import { type Queryable } from '@weft/postgres';
import { eventHash } from '../hash-chain.js';
import { EVENT_COLUMNS, type EventRow } from './rows.js';

export interface HashMismatch {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly eventId: string | undefined;
  readonly reason: 'hash' | 'gap' | 'head';
  readonly expectedHash: string;
  readonly storedHash: string;
}

export interface VerificationReport {
  readonly ok: boolean;
  readonly streamsChecked: number;
  readonly eventsChecked: number;
  /** The first event (in stream id, version order) whose stored hash does not match. */
  readonly firstMismatch?: HashMismatch;
}

interface ChainRow extends EventRow {
  readonly anchor_hash: string;
  readonly last_hash: string;
}

const PAGE = 2_000;

/**
 * Recomputes every stream's hash chain from its anchor and compares it with the stored
 * hashes, and the last hash with the stream's head (a removed tail shows there).
 */
export async function verifyStreamChains(db: Queryable, options: { organizationId?: string } = {}): Promise<VerificationReport> {
  let streamsChecked = 0;
  let eventsChecked = 0;
  let cursor: { streamId: string; version: number } | undefined;
  let current: { streamId: string; hash: string; version: number; head: string } | undefined;
  const finish = (): HashMismatch | undefined =>
    current && current.hash !== current.head
      ? { streamId: current.streamId, streamVersion: current.version, eventId: undefined, reason: 'head', expectedHash: current.head, storedHash: current.hash }
      : undefined;
  for (;;) {
    const rows = await page(db, cursor, options.organizationId);
    for (const row of rows) {
      if (row.stream_id !== current?.streamId) {
        const headMismatch = finish();
        if (headMismatch) return { ok: false, streamsChecked, eventsChecked, firstMismatch: headMismatch };
        streamsChecked++;
        current = { streamId: row.stream_id, hash: row.anchor_hash, version: row.stream_version - 1, head: row.last_hash };
      }
      eventsChecked++;
      const mismatch = checkRow(row, current);
      if (mismatch) return { ok: false, streamsChecked, eventsChecked, firstMismatch: mismatch };
      current = { ...current, hash: row.hash, version: row.stream_version };
    }
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) break;
    cursor = { streamId: last.stream_id, version: last.stream_version };
  }
  const headMismatch = finish();
  return headMismatch ? { ok: false, streamsChecked, eventsChecked, firstMismatch: headMismatch } : { ok: true, streamsChecked, eventsChecked };
}

function checkRow(row: ChainRow, previous: { hash: string; version: number }): HashMismatch | undefined {
  const expectedHash = eventHash(previous.hash, {
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    occurredAt: row.occurred_at,
  });
  const at = { streamId: row.stream_id, streamVersion: row.stream_version, eventId: row.event_id, expectedHash, storedHash: row.hash };
  if (row.stream_version !== previous.version + 1) return { ...at, reason: 'gap' };
  return expectedHash === row.hash ? undefined : { ...at, reason: 'hash' };
}

async function page(db: Queryable, cursor: { streamId: string; version: number } | undefined, organizationId: string | undefined): Promise<ChainRow[]> {
  const values: unknown[] = [cursor?.streamId ?? '', cursor?.version ?? -1];
  let scope = '';
  if (organizationId !== undefined) {
    values.push(organizationId);
    scope = `and stream_id in (select stream_id from events where metadata->>'organizationId' = $3)`;
  }
  values.push(PAGE);
  const { rows } = await db.query<ChainRow>(
    `select e.*, s.anchor_hash, s.last_hash
     from (select ${EVENT_COLUMNS} from events
           where (stream_id, stream_version) > ($1, $2) ${scope}
           order by events.stream_id, events.stream_version limit $${values.length}) e
     join streams s on s.stream_id = e.stream_id
     order by e.stream_id, e.stream_version`,
    values,
  );
  return rows;
}
