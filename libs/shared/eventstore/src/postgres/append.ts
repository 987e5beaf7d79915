import {
  ConcurrencyError,
  canonicalJson,
  EventIdConflictError,
  StreamDeletedError,
  UserError,
  type AppendResult,
  type ExpectedVersion,
  type NewEvent,
} from '@weft/kernel';
import { type Database, type Queryable } from '@weft/postgres';
import { canonicalEventParts } from '../hash-chain.js';
import { EVENT_COLUMNS, type EventRow } from './rows.js';

/** Runs inside the append transaction just before it commits: instrumentation and tests. */
export type BeforeCommitHook = (tx: Queryable, streamId: string) => Promise<void>;

export interface AppendContext {
  readonly db: Database;
  readonly now: () => Date;
  readonly beforeCommit?: BeforeCommitHook;
}

const UNIQUE_VIOLATION = '23505';

/**
 * Appends atomically through `weft_append_canonical`: one statement, so one round trip and
 * its own transaction (inside an explicit one only when a before-commit hook must run).
 * A version mismatch or an existing event id writes nothing and is resolved afterwards:
 * a repeat of an earlier append returns its original result, anything else is an error.
 */
export async function appendEvents(context: AppendContext, streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
  validateAppend(streamId, events);
  let row: AppendRow;
  try {
    row = await runAppend(context, streamId, appendStatement(streamId, events, expected, context.now()));
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === UNIQUE_VIOLATION && constraint === 'events_event_id_key') return resolveRepeat(context.db, streamId, events, error as Error);
    throw error;
  }
  const version = Number(row.o_version);
  switch (row.o_status) {
    case 'ok':
      return { streamVersion: version, logPosition: { transactionId: row.o_transaction!, position: row.o_position! } };
    case 'deleted':
      throw new StreamDeletedError(streamId);
    case 'conflict':
      return resolveRepeat(context.db, streamId, events, new ConcurrencyError(streamId, expected, version < 0 ? undefined : version));
    default:
      return resolveRepeat(context.db, streamId, events, new Error(`Append to ${streamId} found an existing event id`));
  }
}

interface AppendRow {
  readonly o_status: 'ok' | 'deleted' | 'conflict' | 'duplicate';
  readonly o_version: string;
  readonly o_position: string | null;
  readonly o_transaction: string | null;
}

async function runAppend(context: AppendContext, streamId: string, statement: { text: string; values: unknown[] }): Promise<AppendRow> {
  const hook = context.beforeCommit;
  if (!hook) return (await context.db.query<AppendRow>(statement.text, statement.values)).rows[0]!;
  return context.db.transaction(async (tx) => {
    const { rows } = await tx.query<AppendRow>(statement.text, statement.values);
    await hook(tx, streamId);
    return rows[0]!;
  });
}

/** The checks every append passes before it reaches the database. */
export function validateAppend(streamId: string, events: readonly NewEvent[]): void {
  if (streamId.length === 0) throw new UserError('validation', 'append.stream_id', 'A stream id must not be empty');
  if (events.length === 0) throw new UserError('validation', 'append.empty', 'An append needs at least one event');
  const ids = new Set(events.map((e) => e.eventId.toLowerCase()));
  if (ids.size !== events.length) throw new UserError('validation', 'append.duplicate_ids', 'The events of one append need distinct ids');
}

function appendStatement(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion, occurredAt: Date): { text: string; values: unknown[] } {
  return {
    text: `select o_status, o_version::text, o_position::text, o_transaction::text
           from weft_append_canonical($1, $2, $3::uuid[], $4, string_to_array($5, chr(30)))`,
    values: [streamId, String(expected), events.map((e) => e.eventId), occurredAt, canonicalParts(streamId, events, occurredAt)],
  };
}

/** Between the parts of the canonical events: canonical JSON has control characters only escaped. */
export const PART_SEPARATOR = '\x1e';

/**
 * The canonical form of every event as the append functions take it: head and tail of
 * each (they add the stream version between), all joined by the record separator.
 */
export function canonicalParts(streamId: string, events: readonly NewEvent[], occurredAt: Date): string {
  let text = '';
  for (const [i, event] of events.entries()) {
    const { head, tail } = canonicalEventParts({ ...event, streamId, occurredAt });
    text += `${i === 0 ? '' : PART_SEPARATOR}${head}${PART_SEPARATOR}${tail}`;
  }
  return text;
}

/** Answers a repeated append with its original result, or fails with the original cause. */
async function resolveRepeat(db: Queryable, streamId: string, events: readonly NewEvent[], cause: Error): Promise<AppendResult> {
  const { rows } = await db.query<EventRow>(`select ${EVENT_COLUMNS} from events where event_id = any($1::uuid[]) order by events.stream_version`, [
    events.map((e) => e.eventId),
  ]);
  if (rows.length === 0) throw cause;
  const stored = new Map(rows.map((row) => [row.event_id.toLowerCase(), row]));
  for (const [i, event] of events.entries()) {
    const row = stored.get(event.eventId.toLowerCase());
    const first = rows[0]!;
    if (!row || !sameEvent(row, event, streamId) || row.stream_version !== first.stream_version + i) throw new EventIdConflictError(event.eventId);
  }
  const last = rows.at(-1)!;
  return { streamVersion: last.stream_version, logPosition: { transactionId: last.transaction_id, position: last.global_position } };
}

function sameEvent(row: EventRow, event: NewEvent, streamId: string): boolean {
  return (
    row.stream_id === streamId &&
    row.type === event.type &&
    row.schema_version === event.schemaVersion &&
    canonicalJson(row.data) === canonicalJson(event.data ?? null) &&
    canonicalJson(row.metadata) === canonicalJson(event.metadata ?? {})
  );
}
