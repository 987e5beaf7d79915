import { isUuid } from './identifiers.js';
import { UserError } from './errors.js';

/** List defaults of the public API: `?limit=` 1..250, 50 when absent. */
export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 250;

/** A page of a list: `nextCursor` is null on the last page. */
export interface Page<T> {
  readonly data: readonly T[];
  readonly nextCursor: string | null;
}

/** The `?limit=` of a request, or a `validation` error saying what is allowed. */
export function pageLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_PAGE_LIMIT;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new UserError('validation', 'page.limit_invalid', `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}.`, {
      errors: [{ field: 'limit', message: `must be 1 to ${MAX_PAGE_LIMIT}` }],
    });
  }
  return limit;
}

/**
 * Cursors are opaque to clients: the sort key of the last row returned, as base64url
 * JSON. Keyset pagination, so a page costs an index range scan however deep it is.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return toBase64Url(JSON.stringify(key));
}

/**
 * What one value of a cursor key is. A list query binds each value to a typed SQL
 * parameter (`$2::timestamptz`, `$3::uuid`, `$3::int`): a forged cursor whose value
 * does not fit would fail there as a 500, so decodeCursor refuses it as a 400 first.
 */
export type CursorPart = 'timestamp' | 'uuid' | 'int' | 'text';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const INT4_MAX = 2 ** 31 - 1;

// PostgreSQL text cannot hold NUL, whatever the parameter's type.
const isText = (value: unknown): value is string => typeof value === 'string' && !value.includes('\u0000');

const FITS: Record<CursorPart, (value: unknown) => boolean> = {
  // What encodeCursor writes of a Date (toISOString), and an instant timestamptz holds: no year 0, no 30 February.
  timestamp: (value) =>
    isText(value) && ISO_INSTANT.test(value) && !value.startsWith('0000') && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value,
  uuid: (value) => isText(value) && isUuid(value),
  int: (value) => typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= INT4_MAX,
  text: isText,
};

const fitsShape = (key: unknown, shape: readonly CursorPart[]): key is (string | number)[] =>
  Array.isArray(key) && key.length === shape.length && shape.every((part, index) => FITS[part](key[index]));

/**
 * The key inside a cursor, or a `validation` error for anything else. `shape` names the
 * kind of each value (`['timestamp', 'uuid']`), as the query binds them.
 */
export function decodeCursor(cursor: string | undefined, shape: readonly CursorPart[]): (string | number)[] | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const key: unknown = JSON.parse(fromBase64Url(cursor));
    if (fitsShape(key, shape)) return key;
  } catch {
    // fall through to the error
  }
  throw new UserError('validation', 'page.cursor_invalid', 'cursor is not one this API returned; start again without it.', {
    errors: [{ field: 'cursor', message: 'malformed cursor' }],
  });
}

/** The page of `rows` fetched with `limit + 1`: the extra row only says that there is more. */
export function pageOf<Row, T>(rows: readonly Row[], limit: number, view: (row: Row) => T, keyOf: (row: Row) => readonly (string | number)[]): Page<T> {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown.at(-1);
  return { data: shown.map(view), nextCursor: more && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

// The kernel is pure (no Node built-ins): base64url over UTF-8 with the web globals.
function toBase64Url(text: string): string {
  const binary = Array.from(new TextEncoder().encode(text), (byte) => String.fromCharCode(byte)).join('');
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(encoded: string): string {
  const binary = atob(encoded.replaceAll('-', '+').replaceAll('_', '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
}
