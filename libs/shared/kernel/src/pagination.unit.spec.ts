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
    expect(decodeCursor(encodeCursor(key), ['text', 'int', 'uuid'])).toEqual(key);
    expect(encodeCursor(key)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('refuses cursors it did not make', () => {
    expect(decodeCursor(undefined, ['text', 'int'])).toBeUndefined();
    for (const bad of ['not-base64!', encodeCursor(['only one']), encodeCursor([{} as unknown as string, 1]), 'e30']) {
      expect(() => decodeCursor(bad, ['text', 'int'])).toThrow(expect.objectContaining({ code: 'page.cursor_invalid' }));
    }
  });

  it('refuses a forged cursor whose values do not fit the typed query parameters they are bound to', () => {
    const shape = ['timestamp', 'uuid'] as const;
    const good = ['2026-12-07T12:00:00.000Z', '0b7c1d2e-0000-4000-8000-000000000000'];
    expect(decodeCursor(encodeCursor(good), shape)).toEqual(good);
    for (const bad of [
      ['x', 'y'],
      [1, 2],
      ['2024-02-30T00:00:00.000Z', good[1]],
      ['0000-01-01T00:00:00.000Z', good[1]],
      ['2026-12-07', good[1]],
      [good[0], 'not-a-uuid'],
      [good[0]],
    ]) {
      expect(() => decodeCursor(encodeCursor(bad as (string | number)[]), shape)).toThrow(expect.objectContaining({ code: 'page.cursor_invalid' }));
    }
    expect(decodeCursor(encodeCursor([7]), ['int'])).toEqual([7]);
    for (const bad of [[1.5], [2 ** 31], ['7']])
      expect(() => decodeCursor(encodeCursor(bad), ['int'])).toThrow(expect.objectContaining({ code: 'page.cursor_invalid' }));
    expect(() => decodeCursor(encodeCursor(['a\u0000b']), ['text'])).toThrow(expect.objectContaining({ code: 'page.cursor_invalid' }));
  });

  it('pages with one extra row: a cursor only when more rows exist', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const first = pageOf(
      rows,
      2,
      (row) => row.id,
      (row) => [row.id],
    );
    expect(first).toEqual({ data: ['a', 'b'], nextCursor: encodeCursor(['b']) });
    expect(
      pageOf(
        rows,
        3,
        (row) => row.id,
        (row) => [row.id],
      ).nextCursor,
    ).toBeNull();
  });
});
