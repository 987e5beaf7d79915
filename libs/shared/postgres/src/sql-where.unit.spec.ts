import { SqlWhere, containsPattern } from './sql-where.js';

describe('SqlWhere', () => {
  it('numbers the parameters in the order they are added and joins the conditions', () => {
    const where = new SqlWhere();
    where
      .and(`a = ${where.param(1)}`)
      .and('b is null')
      .and(`c < ${where.param('x')}`);
    expect(where.sql).toBe('a = $1 and b is null and c < $2');
    expect(where.values).toEqual([1, 'x']);
    expect(new SqlWhere().sql).toBe('true');
  });

  it('makes contains-patterns whose wildcards and escapes are literal', () => {
    expect(containsPattern('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
  });
});
