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
    throw new UserError('validation', 'page.limit_invalid', `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}.`, { errors: [{ field: 'limit', message: `must be 1 to ${MAX_PAGE_LIMIT}` }] });
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

/** The key inside a cursor of `arity` values, or a `validation` error for anything else. */
export function decodeCursor(cursor: string | undefined, arity: number): (string | number)[] | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const key: unknown = JSON.parse(fromBase64Url(cursor));
    if (Array.isArray(key) && key.length === arity && key.every((v) => typeof v === 'string' || typeof v === 'number')) return key as (string | number)[];
  } catch {
    // fall through to the error
  }
  throw new UserError('validation', 'page.cursor_invalid', 'cursor is not one this API returned; start again without it.', { errors: [{ field: 'cursor', message: 'malformed cursor' }] });
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
