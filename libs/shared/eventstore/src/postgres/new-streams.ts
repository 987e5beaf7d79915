import { type NewEvent } from '@weft/kernel';
import { canonicalEventParts, chainHash } from '../hash-chain.js';
import { PART_SEPARATOR } from './append.js';

/** Appends that create their stream (`no_stream`): most executions are one such append. */
export interface NewStreamAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
}

/**
 * The statement that creates new streams with their events in one set-based insert
 * (`weft_append_new_streams`). A new stream's versions start at 0 and its hash chain at
 * the empty hash, so the canonical documents and hashes are complete here and the
 * database only inserts: no stream row to lock first, no loop, no subtransaction.
 * A stream that exists already comes back as `conflict` and is decided on its own.
 */
export function newStreamsStatement(appends: readonly NewStreamAppend[], occurredAt: Date): { text: string; values: unknown[] } {
  const documents: string[] = [];
  const hashes: string[] = [];
  const lastHashes: string[] = [];
  for (const { streamId, events } of appends) {
    let hash = '';
    for (const [version, event] of events.entries()) {
      const { head, tail } = canonicalEventParts({ ...event, streamId, occurredAt });
      const document = `${head}${version}${tail}`;
      hash = chainHash(hash, document);
      documents.push(document);
      hashes.push(hash);
    }
    lastHashes.push(hash);
  }
  return {
    text: `select o_index, o_status, o_version::text, o_position::text, o_transaction::text
             from weft_append_new_streams($1::text[], $2::text[], $3::int[], $4::uuid[], $5, $6, $7::text[])`,
    values: [
      appends.map((a) => a.streamId),
      lastHashes,
      appends.map((a) => a.events.length),
      appends.flatMap((a) => a.events.map((e) => e.eventId)),
      occurredAt,
      documents.join(PART_SEPARATOR),
      hashes,
    ],
  };
}
