import { JSON_DEPTH_CEILING, JsonTooDeepError, jsonTextExceedsDepth, jsonValueExceedsDepth } from './json-depth.js';

const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nestedObjects = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
/** The depth the scanner reports: the smallest limit it accepts. */
const depthOf = (text: string) => {
  let limit = 0;
  while (jsonTextExceedsDepth(text, limit)) limit++;
  return limit;
};

describe('jsonTextExceedsDepth', () => {
  it('counts arrays and objects, and nothing else', () => {
    expect(depthOf('1')).toBe(0);
    expect(depthOf('"x"')).toBe(0);
    expect(depthOf('[]')).toBe(1);
    expect(depthOf('{"a":[1,{"b":null}],"c":[]}')).toBe(3);
    expect(depthOf('[[1],[2],[3]]')).toBe(2);
    expect(depthOf('  {\n "a" : [ ] }  ')).toBe(2);
  });

  it('accepts exactly the limit and refuses one level more', () => {
    expect(jsonTextExceedsDepth(nestedArrays(64), 64)).toBe(false);
    expect(jsonTextExceedsDepth(nestedArrays(65), 64)).toBe(true);
    expect(jsonTextExceedsDepth(nestedObjects(256), 256)).toBe(false);
    expect(jsonTextExceedsDepth(nestedObjects(257), 256)).toBe(true);
    expect(jsonTextExceedsDepth(`[${nestedObjects(63)},${nestedArrays(64)}]`, 64)).toBe(true);
    expect(jsonTextExceedsDepth(`[${nestedObjects(63)},${nestedArrays(63)}]`, 64)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes and backslashes included', () => {
    expect(depthOf(JSON.stringify({ text: '[[[[{{{{' }))).toBe(1);
    expect(depthOf(JSON.stringify(['say "[[[" and \\', '{"a":[[']))).toBe(1);
    expect(depthOf('["\\\\", [[]]]')).toBe(3);
    expect(depthOf('["\\\\\\"[[[", []]')).toBe(2);
    expect(depthOf(JSON.stringify({ '[[[': '\\"{{{', '\\': ['\\\\'] }))).toBe(2);
    expect(depthOf('{"\\u005b\\u005b": "]]]]"}')).toBe(1);
  });

  it('gives an answer for malformed text without throwing (the parser refuses it after)', () => {
    expect(jsonTextExceedsDepth('["unterminated [[[[', 1)).toBe(false);
    expect(jsonTextExceedsDepth(']]]]', 1)).toBe(false);
    expect(jsonTextExceedsDepth('', 0)).toBe(false);
  });

  it('agrees with the depth of what JSON.parse builds', () => {
    const samples = ['{"a":{"b":{"c":[1,2,{"d":"]"}]}}}', '[{"x":"\\"["},[[["y"]]]]', '{"k\\"[":{"v":[[]]}}'];
    for (const text of samples) {
      const depth = depthOf(text);
      expect(jsonValueExceedsDepth(JSON.parse(text), depth)).toBe(false);
      expect(jsonValueExceedsDepth(JSON.parse(text), depth - 1)).toBe(true);
    }
  });

  it('answers for 100,000 levels (and a megabyte of brackets in a string) in linear time', () => {
    const deep = nestedArrays(100_000);
    const inString = JSON.stringify({ text: '['.repeat(1_000_000) });
    const started = performance.now();
    expect(jsonTextExceedsDepth(deep, 64)).toBe(true);
    expect(jsonTextExceedsDepth(deep, 100_000)).toBe(false);
    expect(jsonTextExceedsDepth(inString, 64)).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('jsonValueExceedsDepth', () => {
  it('counts nested arrays and objects, from the limit on', () => {
    expect(jsonValueExceedsDepth('x', 0)).toBe(false);
    expect(jsonValueExceedsDepth(null, 0)).toBe(false);
    expect(jsonValueExceedsDepth({}, 0)).toBe(true);
    expect(jsonValueExceedsDepth({ a: [1, { b: [] }] }, 4)).toBe(false);
    expect(jsonValueExceedsDepth({ a: [1, { b: [] }] }, 3)).toBe(true);
  });

  it('walks 100,000 levels without recursion, and stops on a cycle', () => {
    let deep: unknown = {};
    for (let i = 1; i < 100_000; i++) deep = { a: deep };
    expect(jsonValueExceedsDepth(deep, 100_000)).toBe(false);
    expect(jsonValueExceedsDepth(deep, 99_999)).toBe(true);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(jsonValueExceedsDepth(cyclic, JSON_DEPTH_CEILING)).toBe(true);
  });
});

describe('JsonTooDeepError', () => {
  it('says what and how deep', () => {
    const error = new JsonTooDeepError(64, 'The request body');
    expect(error.message).toBe('The request body is nested deeper than 64 levels');
    expect(error).toMatchObject({ name: 'JsonTooDeepError', maxDepth: 64 });
  });
});
