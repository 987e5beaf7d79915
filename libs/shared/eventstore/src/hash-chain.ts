import { hash } from 'node:crypto';
import { JSON_DEPTH_CEILING, JsonTooDeepError } from '@weft/kernel';

/**
 * JSON with object keys in code-point order, `undefined` members left out and `toJSON`
 * honoured, so that the same value always gives the same text, whatever the key order
 * it was built with or the database returns it in.
 */
export function canonicalJson(value: unknown, depth = 0): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  // Recursion (the fastest form for the small events of the hot path), bounded far below where the stack overflows.
  if (depth >= JSON_DEPTH_CEILING) throw new JsonTooDeepError(JSON_DEPTH_CEILING, 'The event');
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return canonicalJson((value as { toJSON: () => unknown }).toJSON(), depth + 1);
  // Plain loops and concatenation: every appended event is written in this form.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out += (i === 0 ? '' : ',') + (item === undefined || typeof item === 'function' ? 'null' : canonicalJson(item, depth + 1));
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // The default sort compares UTF-16 code units: the canonical order, without a comparator call per pair.
  const keys = Object.keys(record).sort();
  let out = '{';
  for (const key of keys) {
    const member = record[key];
    if (member === undefined || typeof member === 'function') continue;
    out += `${out.length === 1 ? '' : ','}${quotedKey(key)}:${canonicalJson(member, depth + 1)}`;
  }
  return `${out}}`;
}

/** Object keys repeat across events (executionId, json, ...): quoted once each. */
const quotedKeys = new Map<string, string>();

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

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
