import { JSON_DEPTH_CEILING, JsonTooDeepError } from './json-depth.js';

/**
 * JSON with object keys in code-point order, `undefined` members left out and `toJSON`
 * honoured, so that the same value always gives the same text, whatever the key order
 * it was built with or the database returns it in.
 */
export function canonicalJson(value: unknown, depth = 0): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  // Recursion (the fastest form for the small events of the hot path), bounded far below where the stack overflows.
  if (depth >= JSON_DEPTH_CEILING) throw new JsonTooDeepError(JSON_DEPTH_CEILING, 'The value');
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
