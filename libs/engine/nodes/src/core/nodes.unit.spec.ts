import { execute, chain, json, jsonOf, type NodeSpec } from './harness.js';

interface Case {
  readonly name: string;
  readonly nodes: NodeSpec[];
  readonly items: Record<string, unknown>[];
  readonly expected: unknown[];
}

const people = [
  { name: 'Ada', age: 36, city: 'London', tags: ['math', 'code'] },
  { name: 'Linus', age: 28, city: 'Helsinki', tags: ['code'] },
  { name: 'Grace', age: 45, city: 'New York', tags: [] },
];

const cases: Case[] = [
  {
    name: 'set: typed fields, dot paths, expressions, other fields kept',
    nodes: [
      {
        id: 'set',
        type: 'set',
        properties: {
          fields: [
            { name: 'label', type: 'string', value: '{{ $json.name.toUpperCase() }}-{{ $json.age }}' },
            { name: 'meta.next', type: 'number', value: '{{ $json.age + 1 }}' },
            { name: 'adult', type: 'boolean', value: 'true' },
            { name: 'list', type: 'array', value: '[1,2]' },
          ],
        },
      },
    ],
    items: [{ name: 'Ada', age: 36 }],
    expected: [{ name: 'Ada', age: 36, label: 'ADA-36', meta: { next: 37 }, adult: true, list: [1, 2] }],
  },
  {
    name: 'set: keepOnlySet',
    nodes: [{ id: 'set', type: 'set', properties: { keepOnlySet: true, fields: [{ name: 'n', type: 'string', value: '{{ $json.name }}' }] } }],
    items: [{ name: 'Ada', age: 36 }],
    expected: [{ n: 'Ada' }],
  },
  {
    name: 'filter: and-combined conditions',
    nodes: [
      {
        id: 'f',
        type: 'filter',
        properties: {
          conditions: [
            { left: '{{ $json.age }}', op: 'gt', right: 30 },
            { left: '{{ $json.city }}', op: 'startsWith', right: 'L' },
          ],
        },
      },
    ],
    items: people,
    expected: [people[0]],
  },
  {
    name: 'filter: or-combined, regex, isEmpty, contains on arrays',
    nodes: [
      {
        id: 'f',
        type: 'filter',
        properties: {
          combinator: 'or',
          conditions: [
            { left: '{{ $json.tags }}', op: 'isEmpty' },
            { left: '{{ $json.name }}', op: 'regex', right: '^L' },
          ],
        },
      },
    ],
    items: people,
    expected: [people[1], people[2]],
  },
  {
    name: 'aggregate: individual fields, renamed',
    nodes: [{ id: 'a', type: 'aggregate', properties: { fields: [{ field: 'name', renameTo: 'names' }, 'age'] } }],
    items: people,
    expected: [{ names: ['Ada', 'Linus', 'Grace'], age: [36, 28, 45] }],
  },
  {
    name: 'aggregate: all item data',
    nodes: [{ id: 'a', type: 'aggregate', properties: { aggregate: 'allItemData', destinationField: 'people' } }],
    items: people.slice(0, 2),
    expected: [{ people: people.slice(0, 2) }],
  },
  {
    name: 'splitOut: primitives with other fields',
    nodes: [{ id: 's', type: 'splitOut', properties: { field: 'tags', include: 'selectedOtherFields', fieldsToInclude: 'name' } }],
    items: [people[0]!],
    expected: [
      { name: 'Ada', tags: 'math' },
      { name: 'Ada', tags: 'code' },
    ],
  },
  {
    // As n8n (recorded/split-out-missing.json): a missing field gives no items, not an error.
    name: 'splitOut: a missing field gives no items',
    nodes: [{ id: 's', type: 'splitOut', properties: { field: 'nope' } }],
    items: [{ a: 1 }],
    expected: [],
  },
  {
    name: 'splitOut: objects become items',
    nodes: [{ id: 's', type: 'splitOut', properties: { field: 'body.lines' } }],
    items: [{ body: { lines: [{ sku: 'a' }, { sku: 'b' }] } }],
    expected: [{ sku: 'a' }, { sku: 'b' }],
  },
  {
    name: 'sort: by age descending',
    nodes: [{ id: 's', type: 'sort', properties: { fields: [{ field: 'age', order: 'desc' }] } }],
    items: people,
    expected: [people[2], people[0], people[1]],
  },
  { name: 'limit: first', nodes: [{ id: 'l', type: 'limit', properties: { maxItems: 2 } }], items: people, expected: people.slice(0, 2) },
  { name: 'limit: last', nodes: [{ id: 'l', type: 'limit', properties: { maxItems: 1, keep: 'lastItems' } }], items: people, expected: [people[2]] },
  {
    name: 'removeDuplicates: all fields',
    nodes: [{ id: 'r', type: 'removeDuplicates' }],
    items: [{ a: 1, b: 2 }, { b: 2, a: 1 }, { a: 2 }],
    expected: [{ a: 1, b: 2 }, { a: 2 }],
  },
  {
    name: 'removeDuplicates: selected fields',
    nodes: [{ id: 'r', type: 'removeDuplicates', properties: { compare: 'selectedFields', fields: 'city' } }],
    items: [
      { city: 'x', n: 1 },
      { city: 'x', n: 2 },
      { city: 'y', n: 3 },
    ],
    expected: [
      { city: 'x', n: 1 },
      { city: 'y', n: 3 },
    ],
  },
  { name: 'noOp', nodes: [{ id: 'n', type: 'noOp' }], items: [{ a: 1 }], expected: [{ a: 1 }] },
  {
    name: 'crypto: sha256 hex and hmac base64',
    nodes: [
      { id: 'h', type: 'crypto', properties: { action: 'hash', type: 'sha256', value: '{{ $json.text }}', dataPropertyName: 'sha' } },
      { id: 'm', type: 'crypto', properties: { action: 'hmac', type: 'sha256', value: 'abc', secret: 'key', encoding: 'base64', dataPropertyName: 'mac' } },
    ],
    items: [{ text: 'abc' }],
    expected: [{ text: 'abc', sha: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', mac: 'nBluMtwBdfhvSxy4konWYZ3mvuaZ5MN45oMJ7Zehpqs=' }],
  },
  {
    // Months follow the calendar and clamp to the month's end, as Luxon in n8n (31 Jan + 1 month = 28 Feb).
    name: 'dateTime: add a month and format in a time zone',
    nodes: [
      { id: 'add', type: 'dateTime', properties: { operation: 'addToDate', date: '{{ $json.at }}', duration: 1, unit: 'months' } },
      {
        id: 'fmt',
        type: 'dateTime',
        properties: { operation: 'formatDate', date: '{{ $json.newDate }}', format: 'yyyy-MM-dd HH:mm', timezone: 'Europe/Berlin' },
      },
    ],
    items: [{ at: '2026-01-31T23:30:00.000Z' }],
    expected: [{ at: '2026-01-31T23:30:00.000Z', newDate: '2026-02-28T23:30:00.000Z', formattedDate: '2026-03-01 00:30' }],
  },
  {
    name: 'dateTime: current date from the clock',
    nodes: [{ id: 'now', type: 'dateTime', properties: { operation: 'getCurrentDate' } }],
    items: [{}],
    expected: [{ currentDate: '2026-01-15T10:30:00.000Z' }],
  },
  {
    name: 'noOp after the trigger passes the input',
    nodes: [{ id: 'x', type: 'noOp' }],
    items: [{ body: { a: 1 } }],
    expected: [{ body: { a: 1 } }],
  },
  {
    name: 'set: object and array from JSON text, name with a dot path',
    nodes: [
      {
        id: 'set',
        type: 'set',
        properties: {
          fields: [
            { name: 'a.b.c', type: 'object', value: '{"x":1}' },
            { name: 'n', type: 'number', value: '4.5' },
          ],
        },
      },
    ],
    items: [{ a: { keep: true } }],
    expected: [{ a: { keep: true, b: { c: { x: 1 } } }, n: 4.5 }],
  },
  {
    name: 'splitOut: all other fields into a destination field',
    nodes: [{ id: 's', type: 'splitOut', properties: { field: 'tags', include: 'allOtherFields', destinationField: 'tag' } }],
    items: [{ id: 1, tags: ['x', 'y'] }],
    expected: [
      { id: 1, tag: 'x' },
      { id: 1, tag: 'y' },
    ],
  },
  {
    name: 'aggregate: keepMissing keeps nulls',
    nodes: [{ id: 'a', type: 'aggregate', properties: { fields: ['v'], keepMissing: true } }],
    items: [{ v: 1 }, {}, { v: 3 }],
    expected: [{ v: [1, null, 3] }],
  },
  {
    name: 'sort: two keys, ascending strings then descending numbers',
    nodes: [{ id: 's', type: 'sort', properties: { fields: [{ field: 'city' }, { field: 'n', order: 'desc' }] } }],
    items: [
      { city: 'b', n: 1 },
      { city: 'a', n: 1 },
      { city: 'a', n: 2 },
    ],
    expected: [
      { city: 'a', n: 2 },
      { city: 'a', n: 1 },
      { city: 'b', n: 1 },
    ],
  },
  {
    name: 'removeDuplicates: all fields except some',
    nodes: [{ id: 'r', type: 'removeDuplicates', properties: { compare: 'allFieldsExcept', fields: ['at'] } }],
    items: [
      { id: 1, at: 't1' },
      { id: 1, at: 't2' },
      { id: 2, at: 't3' },
    ],
    expected: [
      { id: 1, at: 't1' },
      { id: 2, at: 't3' },
    ],
  },
  { name: 'limit: default keeps one item', nodes: [{ id: 'l', type: 'limit' }], items: people, expected: [people[0]] },
  {
    name: 'crypto: md5 and sha512 base64',
    nodes: [
      { id: 'a', type: 'crypto', properties: { type: 'md5', value: 'abc', dataPropertyName: 'md5' } },
      { id: 'b', type: 'crypto', properties: { type: 'sha512', value: '', encoding: 'base64', dataPropertyName: 'sha512' } },
    ],
    items: [{}],
    expected: [{ md5: '900150983cd24fb0d6963f7d28e17f72', sha512: 'z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==' }],
  },
  {
    name: 'dateTime: subtract hours and ISO output',
    nodes: [
      {
        id: 'd',
        type: 'dateTime',
        properties: { operation: 'subtractFromDate', date: '2026-01-01T01:00:00Z', duration: 2, unit: 'hours', outputFieldName: 'earlier' },
      },
    ],
    items: [{}],
    expected: [{ earlier: '2025-12-31T23:00:00.000Z' }],
  },
];

describe('node catalogue (table)', () => {
  it('generates uuids and random hex of the asked length', async () => {
    const result = await execute(
      chain(
        { id: 'u', type: 'crypto', properties: { action: 'generate', dataPropertyName: 'id' } },
        { id: 'h', type: 'crypto', properties: { action: 'generate', encodingType: 'hex', stringLength: 10, dataPropertyName: 'hex' } },
      ),
    );
    expect(jsonOf(result)).toEqual([{ id: expect.stringMatching(/^[0-9a-f-]{36}$/), hex: expect.stringMatching(/^[0-9a-f]{10}$/) }]);
  });

  it.each([
    ['a number field that is not a number', { id: 'set', type: 'set', properties: { fields: [{ name: 'n', type: 'number', value: 'abc' }] } }, /not a number/],
    ['a date that is not a date', { id: 'd', type: 'dateTime', properties: { operation: 'formatDate', date: 'yesterday-ish' } }, /not a date/],
    [
      'an expression that throws',
      { id: 'set', type: 'set', properties: { fields: [{ name: 'x', value: '{{ $json.a.b.c }}' }] } },
      /cannot read "b" of undefined \[node "set", property "fields", expression "\$json\.a\.b\.c"\]/,
    ],
  ] as const)('fails the node on %s', async (_name, node, message) => {
    const result = await execute(chain(node as NodeSpec), { items: json({}) });
    expect(result.status).toBe('error');
    expect(result.error?.message).toMatch(message);
  });

  it.each(cases)('$name', async ({ nodes, items, expected }) => {
    const result = await execute(chain(...nodes), { items: json(...items) });
    expect(result.error).toBeUndefined();
    expect(jsonOf(result)).toEqual(expected);
  });
});
