import fc from 'fast-check';
import {
  DATES,
  type FuzzJson,
  JUNK_IDS,
  JsonObject,
  type RawJson,
  type Schema,
  type ValueContext,
  deepNest,
  hostileString,
  objectValue,
  renderJson,
  wrongValue,
} from './api-fuzz.arbitraries.js';

// Whole requests for the API fuzz suite (api-fuzz.e2e.spec.ts): one operation of the
// served OpenAPI document, its path parameters drawn from both tenants' real ids and
// junk, a hostile query string and body, and one of the callers the suite keeps.

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
/** `ANY` operations (the webhook entries) are called with each of these. */
const ANY_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

interface OpenApiOperation {
  readonly parameters?: readonly { readonly name: string; readonly in: string; readonly schema?: Schema }[];
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: Schema }> };
}

export interface OpenApiDocument {
  readonly paths: Record<string, Partial<Record<(typeof METHODS)[number], OpenApiOperation>>>;
  readonly components?: { readonly schemas?: Record<string, Schema> };
}

export interface Operation {
  /** Upper case, or `ANY`. */
  readonly method: string;
  readonly template: string;
  readonly query: readonly { readonly name: string; readonly schema: Schema }[];
  readonly body: Schema | undefined;
}

/**
 * Every operation of the document, and the webhook entries it leaves out (they take any
 * method and any body: the workflow decides).
 */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const documented = Object.entries(document.paths).flatMap(([template, operations]) =>
    METHODS.flatMap((method) => {
      const operation = operations[method];
      if (operation === undefined) return [];
      const query = (operation.parameters ?? [])
        .filter((parameter) => parameter.in === 'query')
        .map((parameter) => ({ name: parameter.name, schema: parameter.schema ?? {} }));
      return [{ method: method.toUpperCase(), template, query, body: operation.requestBody?.content?.['application/json']?.schema }];
    }),
  );
  // A webhook takes any query: `q` stands for all of them (the run sees it as data).
  const query = [{ name: 'q', schema: {} }];
  return [
    ...documented,
    { method: 'ANY', template: '/webhook/{path}', query, body: {} },
    { method: 'ANY', template: '/webhook-waiting/{executionId}', query, body: {} },
  ];
}

/** Who calls: tokens and keys change while the suite runs (a fuzzed logout), so requests carry the name. */
export type Principal = 'owner' | 'member' | 'apiKey' | 'anonymous' | 'forged' | 'garbage';

export interface RequestContext extends ValueContext {
  /** Real values of both tenants for the path parameter `name`. */
  pathValues(name: string): readonly string[];
}

export interface FuzzRequest {
  readonly method: string;
  /** Path and query string, exactly as sent. */
  readonly target: string;
  readonly principal: Principal;
  /** Headers besides the credentials. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

const truncate = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`);

// Credentials are the suite's own test tokens; their start is enough to tell which was sent.
const shown = (headers: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, /^(authorization|x-api-key)$/.test(name) ? truncate(value, 24) : value]));

/** The request as a failure report shows it. */
export const describeRequest = (request: FuzzRequest, headers: Readonly<Record<string, string>> = request.headers): string =>
  `${request.method} ${truncate(request.target, 200)} as ${request.principal}\n  headers ${JSON.stringify(shown(headers))}\n  body ${request.body === undefined ? '(none)' : JSON.stringify(truncate(request.body, 300))}`;

const principal: fc.Arbitrary<Principal> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Principal>('owner') },
  { weight: 2, arbitrary: fc.constantFrom<Principal>('member', 'apiKey') },
  { weight: 1, arbitrary: fc.constantFrom<Principal>('anonymous', 'forged', 'garbage') },
);

function pathValue(name: string, context: RequestContext): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...context.pathValues(name)) },
    { weight: 1, arbitrary: fc.constantFrom(...context.ids) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: fc.constantFrom(...JUNK_IDS) },
  );
}

function pathOf(template: string, context: RequestContext): fc.Arbitrary<string> {
  const names = [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
  return fc.tuple(...names.map((name) => pathValue(name, context))).map((values) => {
    let index = 0;
    return template.replace(/\{\w+\}/g, () => values[index++] ?? '');
  });
}

const LIMITS = ['1', '50', '250', '0', '-1', '251', 'abc', '1.5', '1e309', '', '9'.repeat(40), ' 5', '0x10', 'NaN'];
const CURSOR_KEYS: readonly unknown[] = [
  ['x'],
  ['x', 'y'],
  ['x', 'y', 'z'],
  [1e308, -1],
  ['2026-12-07T12:00:00.000Z', 'not-a-uuid'],
  ['\u0000', 0],
  [null, null],
  [{}, []],
  'x',
  {},
  ['9999-99-99', '00000000-0000-0000-0000-000000000000'],
  ['\u0000'],
  [2 ** 31],
  [-1],
];
const CURSORS = [...CURSOR_KEYS.map((key) => Buffer.from(JSON.stringify(key)).toString('base64url')), '', '!!!', 'x'.repeat(1025), '%00', 'eyJ'];
const QUERY_EXTRAS = [
  'limit=1&limit=2',
  'cursor=a&cursor=b',
  '__proto__=x',
  'constructor[prototype][x]=1',
  'a[b]=c',
  'unknown=1',
  '%ZZ=1',
  'limit=%00',
  'from=a&from=b',
  'status[]=x',
];

function queryValue(parameter: Operation['query'][number], context: RequestContext): fc.Arbitrary<string> {
  const { name, schema } = parameter;
  if (name === 'limit') return fc.constantFrom(...LIMITS);
  if (name === 'cursor') return fc.constantFrom(...CURSORS);
  if (schema.format === 'date-time') return fc.constantFrom(...DATES);
  if (schema.format === 'uuid') return fc.oneof(fc.constantFrom(...context.ids), fc.constantFrom(...JUNK_IDS));
  if (schema.enum !== undefined) return fc.oneof(fc.constantFrom(...schema.enum.map(String)), hostileString(context));
  return hostileString(context);
}

// encodeURIComponent throws on a lone surrogate half; the body keeps those (JSON escapes them).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const encodeQueryValue = (value: string) => encodeURIComponent(value.replace(LONE_SURROGATE, '\ufffd'));

function queryOf(operation: Operation, context: RequestContext): fc.Arbitrary<string> {
  const values = operation.query.map((parameter) =>
    fc.option(
      queryValue(parameter, context).map((value) => `${parameter.name}=${encodeQueryValue(value)}`),
      { nil: undefined, freq: 2 },
    ),
  );
  return fc.tuple(fc.tuple(...values), fc.option(fc.constantFrom(...QUERY_EXTRAS), { nil: undefined, freq: 3 })).map(([parts, extra]) => {
    const all = [...parts, extra].filter((part): part is string => part !== undefined);
    return all.length === 0 ? '' : `?${all.join('&')}`;
  });
}

type Mutation =
  | { kind: 'drop'; at: number }
  | { kind: 'retype'; at: number; value: FuzzJson }
  | { kind: 'extra'; key: string; value: FuzzJson }
  | { kind: 'nest'; at: number; value: RawJson };

const mutation = (context: ValueContext): fc.Arbitrary<Mutation> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }) },
    // null on its own: an optional field sent as null is where validation most often lets a value through.
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('retype' as const), at: fc.nat(), value: fc.constant(null) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('retype' as const), at: fc.nat(), value: wrongValue(context) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('extra' as const),
        key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'unknownField', 'isAdmin', 'organizationId'), fc.string({ maxLength: 8 })),
        value: wrongValue(context),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), value: deepNest }) },
  );

function mutate(object: JsonObject, mutations: readonly Mutation[]): JsonObject {
  let entries = [...object.entries];
  for (const change of mutations) {
    if (change.kind === 'extra') {
      entries = [...entries, [change.key, change.value] as const];
      continue;
    }
    if (entries.length === 0) continue;
    const at = change.at % entries.length;
    const key = entries[at]?.[0] ?? '';
    if (change.kind === 'drop') entries = entries.filter((_entry, index) => index !== at);
    else entries[at] = [key, change.value];
  }
  return new JsonObject(entries);
}

const RAW_BODIES = [
  '',
  '   ',
  '{',
  'not json',
  '{"a":1}{"b":2}',
  '\uFEFF{}',
  "{'a':1}",
  'null',
  '"text"',
  '[]',
  '{"name":"a","name":1}',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  `{"x":"${'y'.repeat(1_100_000)}"}`,
];
const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/problem+json',
  'APPLICATION/JSON',
  'application/octet-stream',
];

/** A body text: the schema's object broken in up to three ways, another JSON value, or no JSON at all. */
function bodyText(schema: Schema | undefined, context: ValueContext): fc.Arbitrary<string | undefined> {
  const base = schema === undefined ? fc.constant(new JsonObject([])) : objectValue(schema, context);
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(base, fc.array(mutation(context), { maxLength: 3 })).map(([object, changes]) => renderJson(mutate(object, changes))) },
    { weight: 1, arbitrary: base.map((object) => renderJson([object])) },
    { weight: 1, arbitrary: wrongValue(context).map(renderJson) },
    { weight: 1, arbitrary: deepNest.map(renderJson) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant<string | undefined>('application/json') },
  { weight: 2, arbitrary: fc.constantFrom<string | undefined>(...CONTENT_TYPES, undefined) },
);
const IDEMPOTENCY_KEYS = ['', 'é', 'x'.repeat(256), 'key with spaces', '\t'];
const REQUEST_IDS = ['ok-id', '', 'x'.repeat(200), 'bad id', '../..'];

/** Headers besides the credentials; a content type mostly, also without a body (an empty JSON body is a case of its own). */
const extraHeaders = fc.record({
  'content-type': fc.option(contentType, { nil: undefined, freq: 8 }),
  'idempotency-key': fc.option(fc.oneof(fc.uuid(), fc.constantFrom(...IDEMPOTENCY_KEYS)), { nil: undefined, freq: 5 }),
  'x-request-id': fc.option(fc.constantFrom(...REQUEST_IDS), { nil: undefined, freq: 6 }),
});

const present = (headers: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined));

/** Requests to `operation`, each printed by fast-check the way describeRequest does. */
export function requestsFor(operation: Operation, context: RequestContext): fc.Arbitrary<FuzzRequest> {
  // Mostly POST for `ANY`: the method the suite's webhooks listen on, the one that gets past routing into a run.
  const method =
    operation.method === 'ANY'
      ? fc.oneof({ weight: 3, arbitrary: fc.constant('POST') }, { weight: 2, arbitrary: fc.constantFrom(...ANY_METHODS) })
      : fc.constant(operation.method);
  return fc
    .record({
      method,
      path: pathOf(operation.template, context),
      query: queryOf(operation, context),
      principal,
      body: bodyText(operation.body, context),
      headers: extraHeaders,
    })
    .map(({ method, path, query, principal, body, headers }) => {
      // fetch sends no body with GET or HEAD, and Idempotency-Key is for commands only.
      const reads = method === 'GET' || method === 'HEAD';
      const request = {
        method,
        target: `${path}${query}`,
        principal,
        headers: present({ ...headers, 'idempotency-key': reads ? undefined : headers['idempotency-key'] }),
        body: reads ? undefined : body,
      };
      return Object.assign(request, { [fc.toStringMethod]: () => describeRequest(request) });
    });
}
