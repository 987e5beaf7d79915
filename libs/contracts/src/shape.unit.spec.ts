import { problemsOf } from './shape.js';

// The one shape checker every context's contract validator uses.

describe('the contracts’ shape checker', () => {
  it('accepts data that fits, optional fields absent', () => {
    const spec = {
      id: 'string',
      note: 'string?',
      by: 'string|null',
      at: 'string|null?',
      count: 'number',
      done: 'boolean',
      settings: 'object',
      extra: 'object?',
    } as const;
    expect(problemsOf({ id: 'x', by: null, count: 0, done: false, settings: {} }, spec)).toEqual([]);
    expect(problemsOf({ id: 'x', note: 'n', by: 'u', at: null, count: 1.5, done: true, settings: { a: 1 }, extra: {} }, spec)).toEqual([]);
  });

  it('checks arrays and the nullable numbers, objects and arrays', () => {
    const spec = { items: 'array', ids: 'array|null', ms: 'number|null', error: 'object|null' } as const;
    expect(problemsOf({ items: [], ids: null, ms: null, error: null }, spec)).toEqual([]);
    expect(problemsOf({ items: [1], ids: ['a'], ms: 3, error: { message: 'x' } }, spec)).toEqual([]);
    expect(problemsOf({ items: {}, ids: 'a', ms: Number.NaN, error: [] }, spec)).toEqual([
      'items must be array',
      'ids must be array|null',
      'ms must be number|null',
      'error must be object|null',
    ]);
  });

  it('names each misfit in the spec’s order, then every field outside the contract', () => {
    expect(problemsOf({ name: 42, passwordHash: '$scrypt$', settings: [] }, { name: 'string', settings: 'object', count: 'number' })).toEqual([
      'name must be string',
      'settings must be object',
      'count must be number',
      'passwordHash is not part of the contract',
    ]);
  });

  it('refuses anything but a plain object as data, and inherited names as fields', () => {
    for (const data of [null, [], 'x', 1]) expect(problemsOf(data, {})).toEqual(['data must be an object']);
    expect(problemsOf({ toString: 'x' }, { id: 'string?' })).toEqual(['toString is not part of the contract']);
  });
});
