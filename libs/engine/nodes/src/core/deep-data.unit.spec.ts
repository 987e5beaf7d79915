import { type JsonObject } from '@weft/engine-core';
import { JSON_DEPTH_CEILING } from '@weft/kernel';
import { chain, execute, jsonOf } from './harness.js';
import { setPath, stableStringify, unsetPath } from './paths.js';

// The nodes' own walks over item data stay off the call stack's limit, and a node never
// builds data deeper than a run takes (docs: MAX_ITEM_DEPTH in @weft/engine-core).

function nested(depth: number): JsonObject {
  let value: JsonObject = {};
  for (let level = 1; level < depth; level++) value = { a: value };
  return value;
}

describe('paths over deep data', () => {
  it('writes sorted JSON down to the ceiling and refuses deeper, without overflowing the stack', () => {
    expect(stableStringify({ b: [1, { d: 2, c: 3 }], a: null })).toBe('{"a":null,"b":[1,{"c":3,"d":2}]}');
    expect(stableStringify(nested(JSON_DEPTH_CEILING))).toHaveLength(JSON_DEPTH_CEILING * 6 - 4);
    expect(() => stableStringify(nested(100_000))).toThrow(`The data is nested deeper than ${JSON_DEPTH_CEILING} levels`);
  });

  it('removes a field at the end of a path of 100,000 parts (a loop, not recursion)', () => {
    const parts = 100_000;
    const data = nested(parts);
    const path = Array.from({ length: parts - 1 }, () => 'a').join('.');
    const down = (value: JsonObject) => {
      let cursor = value;
      for (let level = 1; level < parts - 1; level++) cursor = cursor['a'] as JsonObject;
      return cursor;
    };
    expect(down(unsetPath(data, path))).toEqual({});
    expect(down(data)).toEqual({ a: {} });
    expect(unsetPath({ a: { b: 1, c: 2 }, d: 3 }, 'a.b')).toEqual({ a: { c: 2 }, d: 3 });
    expect(unsetPath({ a: [1], d: 3 }, 'a.0')).toEqual({ a: [1], d: 3 });
    expect(unsetPath({ a: 1 }, 'x.y')).toEqual({ a: 1 });
  });

  it('sets a field at most 100 parts deep', () => {
    expect(setPath({}, Array.from({ length: 100 }, () => 'a').join('.'), 1)).toBeDefined();
    expect(() => setPath({}, Array.from({ length: 101 }, () => 'a').join('.'), 1)).toThrow(/has more than 100 parts/);
  });
});

describe('the set node', () => {
  const objectField = (value: string) => chain({ id: 'set', type: 'set', properties: { fields: [{ name: 'data', type: 'object', value }] } });

  it('parses an object field as deep as an item may be, and refuses deeper text before parsing it', async () => {
    const fine = await execute(objectField(JSON.stringify(nested(999))));
    expect(fine.status).toBe('success');
    const deep = await execute(objectField(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`));
    expect(deep.status).toBe('error');
    expect(deep.error).toMatchObject({ nodeId: 'set', name: 'DataTooDeepError', message: 'field "data" is nested deeper than 1000 levels' });
  });

  it('refuses an expression that builds data deeper than an item may be', async () => {
    const text = JSON.stringify(`${'['.repeat(5_000)}${']'.repeat(5_000)}`);
    const result = await execute(chain({ id: 'set', type: 'set', properties: { fields: [{ name: 'x', type: 'array', value: `{{ JSON.parse(${text}) }}` }] } }));
    expect(result.status).toBe('error');
    expect(result.error?.message).toMatch(/JSON.parse: the text is nested deeper than 1000 levels/);
    expect(jsonOf(result)).toEqual([]);
  });
});
