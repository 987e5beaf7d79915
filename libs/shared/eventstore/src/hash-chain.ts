import { hash } from 'node:crypto';
import { canonicalJson } from '@weft/kernel';

/** The parts of an event the hash covers: everything an auditor needs to trust. */
export interface HashedEvent {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly occurredAt: Date;
}

/**
 * The canonical form of an event split around its stream version, which is known only
 * once the stream is locked: `head + version + tail` is the canonical JSON of the event
 * (keys in order: …, streamId, streamVersion, type). The append function in PostgreSQL
 * joins the parts and hashes them, so Node and the database hash the same bytes.
 */
export function canonicalEventParts(event: Omit<HashedEvent, 'streamVersion'>): { head: string; tail: string } {
  // The members in canonical (code unit) order, written directly: this runs for every event appended.
  // As stored: absent data is null and absent metadata {}, as the database gives them back.
  const head =
    `{"data":${event.data === undefined ? 'null' : canonicalJson(event.data)},"eventId":${JSON.stringify(event.eventId.toLowerCase())}` +
    `,"metadata":${canonicalJson(event.metadata ?? {})},"occurredAt":${JSON.stringify(event.occurredAt.toISOString())}` +
    `,"schemaVersion":${canonicalJson(event.schemaVersion)},"streamId":${JSON.stringify(event.streamId)},"streamVersion":`;
  return { head, tail: `,"type":${JSON.stringify(event.type)}}` };
}

/** sha256 (hex) over the previous event's hash in the stream, a newline, and this event's canonical form. */
export function eventHash(previousHash: string, event: HashedEvent): string {
  const { head, tail } = canonicalEventParts(event);
  return chainHash(previousHash, `${head}${event.streamVersion}${tail}`);
}

/** The chain's step, given the canonical document (`head + version + tail`): what the append functions compute in SQL. */
export function chainHash(previousHash: string, document: string): string {
  return hash('sha256', `${previousHash}\n${document}`, 'hex');
}
