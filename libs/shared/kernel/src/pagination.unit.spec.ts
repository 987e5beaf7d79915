import { UserError } from './errors.js';
import { DEFAULT_PAGE_LIMIT, decodeCursor, encodeCursor, pageLimit, pageOf } from './pagination.js';

describe('pagination', () => {
  it('defaults the limit and refuses one out of range with a field error', () => {
    expect(pageLimit(undefined)).toBe(DEFAULT_PAGE_LIMIT);
    expect(pageLimit('250')).toBe(250);
    for (const bad of ['0', '251', '2.5', 'ten']) expect(() => pageLimit(bad)).toThrow(UserError);
  });

  it('round-trips a cursor key, non-ASCII text included', () => {
    const key = ['Zürich 東京', 42, '0b7c1d2e-0000-4000-8000-000000000000'];
    expect(decodeCursor(encodeCursor(key), 3)).toEqual(key);
    expect(encodeCursor(key)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('refuses cursors it did not make', () => {
    expect(decodeCursor(undefined, 2)).toBeUndefined();
    for (const bad of ['not-base64!', encodeCursor(['only one']), encodeCursor([{} as unknown as string, 1]), 'e30']) {
      expect(() => decodeCursor(bad, 2)).toThrow(expect.objectContaining({ code: 'page.cursor_invalid' }));
    }
  });

  it('pages with one extra row: a cursor only when more rows exist', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const first = pageOf(rows, 2, (row) => row.id, (row) => [row.id]);
    expect(first).toEqual({ data: ['a', 'b'], nextCursor: encodeCursor(['b']) });
    expect(pageOf(rows, 3, (row) => row.id, (row) => [row.id]).nextCursor).toBeNull();
  });
});
