import { CONDITION_OPS, testCondition } from './conditions.js';

const cases: [string, unknown, unknown, boolean][] = [
  ['eq', 5, '5', true],
  ['eq', 'a', 'b', false],
  ['eq', { a: 1 }, { a: 1 }, true],
  ['ne', 5, 6, true],
  ['ne', 'x', 'x', false],
  ['gt', 10, 9, true],
  ['gt', '10', '9', true],
  ['gt', 'b', 'a', true],
  ['gt', undefined, 0, false],
  ['gte', 3, 3, true],
  ['lt', 2, 3, true],
  ['lt', null, 3, false],
  ['lte', 3, 3, true],
  ['lte', 4, 3, false],
  ['contains', 'hello world', 'lo w', true],
  ['contains', ['a', 'b'], 'b', true],
  ['contains', [1, 2], '2', true],
  ['contains', 'abc', 'x', false],
  ['notContains', 'abc', 'x', true],
  ['startsWith', 'order-1', 'order', true],
  ['notStartsWith', 'order-1', 'x', true],
  ['endsWith', 'file.pdf', '.pdf', true],
  ['notEndsWith', 'file.pdf', '.pdf', false],
  ['regex', 'ABC-123', '^[A-Z]+-\\d+$', true],
  ['regex', 'abc', '/^ABC$/i', true],
  ['notRegex', 'abc', '^x', true],
  ['exists', 0, undefined, true],
  ['exists', null, undefined, false],
  ['notExists', undefined, undefined, true],
  ['isEmpty', '', undefined, true],
  ['isEmpty', [], undefined, true],
  ['isEmpty', {}, undefined, true],
  ['isEmpty', 'x', undefined, false],
  ['isNotEmpty', [1], undefined, true],
  ['isNumber', 1, undefined, true],
  ['isNumber', '1', undefined, false],
  ['isNumber', Number.NaN, undefined, false],
  ['isString', 's', undefined, true],
  ['isArray', [], undefined, true],
  ['isObject', {}, undefined, true],
  ['isObject', [], undefined, false],
  ['isBoolean', false, undefined, true],
  ['isTrue', true, undefined, true],
  ['isTrue', 'true', undefined, true],
  ['isFalse', false, undefined, true],
];

describe('condition operators', () => {
  it.each(cases)('%s(%j, %j) is %s', (op, left, right, expected) => {
    expect(testCondition({ op, left, right })).toBe(expected);
  });

  it('covers every operator', () => {
    expect(new Set(cases.map(([op]) => op))).toEqual(CONDITION_OPS);
  });

  it('refuses an unknown operator', () => {
    expect(() => testCondition({ op: 'approximately', left: 1, right: 1 })).toThrow(/unknown condition operator/);
  });

  it('with a type, refuses values of another type as n8n strict validation does (missing values pass)', () => {
    expect(() => testCondition({ op: 'gt', left: '150', right: 100, type: 'number' })).toThrow("Wrong type: '150' is a string but was expecting a number");
    expect(testCondition({ op: 'gt', left: 150, right: 100, type: 'number' })).toBe(true);
    expect(testCondition({ op: 'exists', left: undefined, type: 'string' })).toBe(false);
    expect(testCondition({ op: 'contains', left: ['a'], right: 'a', type: 'array' })).toBe(true);
  });

  it('compares strings in lower case when not case-sensitive', () => {
    expect(testCondition({ op: 'eq', left: 'ADA', right: 'ada', caseSensitive: false })).toBe(true);
    expect(testCondition({ op: 'eq', left: 'ADA', right: 'ada' })).toBe(false);
  });
});
