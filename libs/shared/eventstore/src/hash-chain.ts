import { createHash } from 'node:crypto';

/**
 * JSON with object keys in code-point order, `undefined` members left out and `toJSON`
 * honoured, so that the same value always gives the same text, whatever the key order
 * it was built with or the database returns it in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return canonicalJson((value as { toJSON: () => unknown }).toJSON());
  // Plain loops and concatenation: every appended event is written in this form.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out += (i === 0 ? '' : ',') + (item === undefined || typeof item === 'function' ? 'null' : canonicalJson(item));
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort(byCodeUnits);
  let out = '{';
  for (const key of keys) {
    const member = record[key];
    if (member === undefined || typeof member === 'function') continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return `${out}}`;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

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
  const rest = canonicalJson({
    streamId: event.streamId,
    eventId: event.eventId.toLowerCase(),
    schemaVersion: event.schemaVersion,
    // As stored: absent data is null and absent metadata {}, as the database gives them back.
    data: event.data === undefined ? null : event.data,
    metadata: event.metadata ?? {},
    occurredAt: event.occurredAt.toISOString(),
  });
  return { head: `${rest.slice(0, -1)},"streamVersion":`, tail: `,"type":${JSON.stringify(event.type)}}` };
}

/** sha256 (hex) over the previous event's hash in the stream, a newline, and this event's canonical form. */
export function eventHash(previousHash: string, event: HashedEvent): string {
  const { head, tail } = canonicalEventParts(event);
  return createHash('sha256').update(`${previousHash}\n${head}${event.streamVersion}${tail}`).digest('hex');
}
