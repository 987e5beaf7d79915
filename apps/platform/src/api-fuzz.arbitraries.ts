import fc from 'fast-check';

// Hostile values for the API fuzz suite (api-fuzz.e2e.spec.ts): JSON bodies derived from
// an operation's request schema in the OpenAPI document, then broken on purpose. Bodies
// are built as text we control token by token, so they can hold what JSON.stringify
// never writes: 1e309, -0, duplicate keys, `__proto__` keys, hundreds of nesting levels.

/** A token written into the body text as is (`1e309`, `-0`, a deep nest). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** An object as its entries in order, so keys may repeat and be `__proto__`. */
export class JsonObject {
  constructor(readonly entries: readonly (readonly [string, FuzzJson])[]) {}
}

export type FuzzJson = null | boolean | number | string | RawJson | JsonObject | readonly FuzzJson[];

const isList = (value: FuzzJson): value is readonly FuzzJson[] => Array.isArray(value);

export function renderJson(value: FuzzJson): string {
  if (value instanceof RawJson) return value.text;
  if (value instanceof JsonObject) return `{${value.entries.map(([key, item]) => `${JSON.stringify(key)}:${renderJson(item)}`).join(',')}}`;
  if (isList(value)) return `[${value.map(renderJson).join(',')}]`;
  return JSON.stringify(value);
}

/** The subset of OpenAPI 3 schema objects the served document uses. */
export interface Schema {
  readonly $ref?: string;
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly (string | number)[];
  readonly nullable?: boolean;
  readonly properties?: Record<string, Schema>;
  readonly required?: readonly string[];
  readonly items?: Schema;
  readonly oneOf?: readonly Schema[];
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
}

/** What the generators draw ids from, and where `$ref`s point. */
export interface ValueContext {
  readonly components: Record<string, Schema>;
  /** Real ids of both tenants (any kind), so a value names something that exists. */
  readonly ids: readonly string[];
}

const NASTY_STRINGS = [
  '',
  ' ',
  'a'.repeat(300),
  'é'.repeat(3000),
  '😀'.repeat(64),
  '../../etc/passwd',
  '%00',
  '%ZZ',
  '{{ $env.HOME }}',
  '={{ $json.x }}',
  "'; drop table events; --",
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'null',
  'true',
  '1e309',
  '-0',
  'NaN',
  'Infinity',
  '\r\nX-Injected: 1',
  '\\',
  '"',
  'Europe/Nowhere',
  '#zzzzzz',
  'ADMIN',
  'owner',
  'super_admin',
  'weft_rt_x',
  'weft_ev_x',
  'weft_pr_x',
];
export const DATES = [
  '2026-12-07T12:00:00.000Z',
  '2030-01-01T00:00:00Z',
  '1970-01-01T00:00:00Z',
  '2024-02-30T00:00:00Z',
  '2024-13-45T99:99:99Z',
  '0000-00-00T00:00:00Z',
  '+275760-09-13T00:00:00.001Z',
  '-271821-04-20T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  'yesterday',
  '1e309',
  '2026-12-07',
  '1733580000000',
  '',
];
const RAW_NUMBERS = ['1e309', '-1e309', '-0', '1e-400', '9007199254740993', '123456789012345678901234567890', '0.1e1', '-0.0'].map((text) => new RawJson(text));
export const JUNK_IDS = [
  '..',
  '.',
  '%00',
  '%2e%2e',
  '%2F',
  'a'.repeat(300),
  '-1',
  '0',
  '1e309',
  encodeURIComponent('😀'),
  'null',
  'undefined',
  "'%3B--",
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];

export const hostileNumber: fc.Arbitrary<FuzzJson> = fc.oneof(
  fc.constantFrom<FuzzJson>(0, -1, 1, 1.5, 2 ** 31, 2 ** 53, Number.MAX_VALUE, Number.MIN_VALUE, ...RAW_NUMBERS),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

// Text PostgreSQL cannot store (a NUL, half a surrogate pair): a branch of its own, it is the likeliest 500.
const UNSTORABLE_STRINGS = ['\u0000', 'nul\u0000byte', '\ud800', 'x\udc00', '\udfff\ud800'];

export const hostileString = (context: ValueContext): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...NASTY_STRINGS),
    fc.constantFrom(...UNSTORABLE_STRINGS),
    fc.string({ maxLength: 24 }),
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.constantFrom(...context.ids, ...DATES),
    fc.uuid(),
    fc.emailAddress(),
  );

/** Converts what fast-check's JSON generators give into the body model. */
export function fromJson(value: unknown): FuzzJson {
  if (Array.isArray(value)) return value.map(fromJson);
  if (value !== null && typeof value === 'object') return new JsonObject(Object.entries(value).map(([key, item]) => [key, fromJson(item)] as const));
  return value as FuzzJson;
}

const smallJson: fc.Arbitrary<FuzzJson> = fc.jsonValue({ maxDepth: 3 }).map(fromJson);
const smallObject: fc.Arbitrary<FuzzJson> = fc
  .dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'id', 'type')), smallJson, { maxKeys: 4 })
  .map(fromJson);

/** Any value of the wrong kind for a field. */
export const wrongValue = (context: ValueContext): fc.Arbitrary<FuzzJson> =>
  fc.oneof(hostileString(context), hostileNumber, fc.boolean(), fc.constant(null), smallJson, smallObject, fc.constant<FuzzJson>([]));

const NODE_TYPES = [
  'webhookTrigger',
  'manualTrigger',
  'scheduleTrigger',
  'set',
  'code',
  'if',
  'switch',
  'merge',
  'wait',
  'noOp',
  'filter',
  'respondToWebhook',
  'executeWorkflow',
  'nope',
  '__proto__',
];
const NODE_IDS = ['a', 'b', 'hook', '', '__proto__'];

// Near-valid nodes and connections, so bodies get past the shape checks into graph validation.
const node = (context: ValueContext): fc.Arbitrary<FuzzJson> =>
  fc
    .record(
      {
        id: fc.constantFrom<FuzzJson>(...NODE_IDS),
        type: fc.constantFrom<FuzzJson>(...NODE_TYPES),
        properties: fc.oneof(smallObject, wrongValue(context)),
        credentials: fc.constantFrom<FuzzJson>(...context.ids.map((id) => new JsonObject([['id', id]]))),
      },
      { requiredKeys: ['id', 'type'] },
    )
    .map(fromJson);
const connection: fc.Arbitrary<FuzzJson> = fc
  .record(
    {
      source: fc.constantFrom(...NODE_IDS),
      target: fc.constantFrom(...NODE_IDS),
      sourceOutput: fc.constantFrom('main', 'true', '1', ''),
      targetInput: fc.constantFrom('main', '0'),
    },
    { requiredKeys: ['source', 'target'] },
  )
  .map(fromJson);

const HINTS: Record<string, (context: ValueContext) => fc.Arbitrary<FuzzJson>> = {
  nodes: (context) => fc.array(node(context), { maxLength: 4 }),
  connections: () => fc.array(connection, { maxLength: 4 }),
};

const resolve = (schema: Schema, context: ValueContext): Schema =>
  schema.$ref === undefined ? schema : (context.components[schema.$ref.split('/').at(-1) ?? ''] ?? {});

/** A value that fits `schema` more or less (near its limits), the field named by `name`. */
export function schemaValue(raw: Schema, context: ValueContext, name = ''): fc.Arbitrary<FuzzJson> {
  const schema = resolve(raw, context);
  const fitting = fittingValue(schema, context, name);
  return schema.nullable ? fc.oneof({ weight: 4, arbitrary: fitting }, { weight: 1, arbitrary: fc.constant(null) }) : fitting;
}

function fittingValue(schema: Schema, context: ValueContext, name: string): fc.Arbitrary<FuzzJson> {
  const hint = HINTS[name];
  if (hint !== undefined) return fc.oneof({ weight: 3, arbitrary: hint(context) }, { weight: 1, arbitrary: wrongValue(context) });
  if (schema.oneOf !== undefined) return fc.oneof(...schema.oneOf.map((choice) => schemaValue(choice, context, name)));
  if (schema.enum !== undefined)
    return fc.oneof({ weight: 4, arbitrary: fc.constantFrom<FuzzJson>(...schema.enum) }, { weight: 1, arbitrary: hostileString(context) });
  switch (schema.type) {
    case 'string':
      return stringValue(schema, context);
    case 'number':
    case 'integer':
      return fc.oneof(fc.integer({ min: (schema.minimum ?? -5) - 1, max: (schema.maximum ?? 100) + 1 }), hostileNumber);
    case 'boolean':
      return fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom<FuzzJson>('true', 1, null) });
    case 'array':
      return fc.array(schemaValue(schema.items ?? {}, context), { maxLength: 4 });
    case 'object':
      // A nested object's fields are sometimes wrong too: the body's mutations only reach the top level.
      return schema.properties === undefined ? smallObject : objectValue(schema, context, wrongValue(context));
    default:
      return smallJson;
  }
}

function stringValue(schema: Schema, context: ValueContext): fc.Arbitrary<FuzzJson> {
  if (schema.format === 'uuid') return fc.oneof(fc.constantFrom(...context.ids), fc.uuid(), hostileString(context));
  if (schema.format === 'date-time') return fc.constantFrom(...DATES);
  const near =
    schema.maxLength === undefined
      ? fc.string({ minLength: 1, maxLength: 24 })
      : fc.constantFrom('x'.repeat(schema.maxLength), 'x'.repeat(schema.maxLength + 1));
  return fc.oneof(
    { weight: 3, arbitrary: fc.stringMatching(/^[a-z][a-z0-9 .@-]{0,30}$/) },
    { weight: 1, arbitrary: near },
    { weight: 2, arbitrary: hostileString(context) },
  );
}

/** An object with every required property and some optional ones, in the schema's order; a value is now and then `wrong`. */
export function objectValue(schema: Schema, context: ValueContext, wrong?: fc.Arbitrary<FuzzJson>): fc.Arbitrary<JsonObject> {
  const properties = Object.entries(resolve(schema, context).properties ?? {});
  const valueOf = (key: string, property: Schema) =>
    wrong === undefined
      ? schemaValue(property, context, key)
      : fc.oneof({ weight: 5, arbitrary: schemaValue(property, context, key) }, { weight: 1, arbitrary: wrong });
  const model = Object.fromEntries(properties.map(([key, property]) => [key, valueOf(key, property)]));
  const record = fc.record(model, { requiredKeys: [...(resolve(schema, context).required ?? [])] }) as fc.Arbitrary<Record<string, FuzzJson>>;
  return record.map((value) => new JsonObject(Object.entries(value)));
}

const DEPTHS = [20, 63, 64, 65, 100, 256, 257, 300, 500];

/** `depth` levels of arrays, objects, or both in turn, as text (never a recursion of ours). */
export const deepNest: fc.Arbitrary<RawJson> = fc.tuple(fc.constantFrom(...DEPTHS), fc.constantFrom('arrays', 'objects', 'mixed')).map(([depth, shape]) => {
  const open = shape === 'arrays' ? '[' : shape === 'objects' ? '{"a":' : '[{"a":';
  const close = shape === 'arrays' ? ']' : shape === 'objects' ? '}' : '}]';
  const levels = shape === 'mixed' ? Math.ceil(depth / 2) : depth;
  return new RawJson(`${open.repeat(levels)}1${close.repeat(levels)}`);
});
