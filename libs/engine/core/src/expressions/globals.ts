import { jsonTextExceedsDepth } from '@weft/kernel';
import { MAX_ITEM_DEPTH } from '../data-depth.js';
import { SandboxViolation } from './errors.js';
import { isCallable, MAX_ARRAY_LENGTH, markCallable, registerNamespace } from './guards.js';

/**
 * The only globals an expression can name. Each is a frozen null-prototype record of
 * host functions wrapped with {@link markCallable}; none exposes a host object.
 */

type Fn = (...args: never[]) => unknown;

/** A global of frozen host functions, readable only through the guard's namespace table. */
export function namespace(call: Fn | undefined, entries: Record<string, unknown>): object {
  const table = Object.freeze(Object.assign(Object.create(null) as Record<string, unknown>, wrapAll(entries)));
  const value = call ? markCallable(call) : Object.freeze(Object.create(null) as object);
  registerNamespace(value, table);
  return value;
}

function wrapAll(entries: Record<string, unknown>): Record<string, unknown> {
  const wrapped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entries)) {
    wrapped[key] = typeof value === 'function' ? markCallable((...args: unknown[]) => (value as Fn)(...(args as never[]))) : value;
  }
  return wrapped;
}

const mathNames = [
  'abs',
  'acos',
  'asin',
  'atan',
  'atan2',
  'cbrt',
  'ceil',
  'cos',
  'exp',
  'floor',
  'hypot',
  'log',
  'log10',
  'log2',
  'max',
  'min',
  'pow',
  'random',
  'round',
  'sign',
  'sin',
  'sqrt',
  'tan',
  'trunc',
] as const;

const mathEntries: Record<string, unknown> = { PI: Math.PI, E: Math.E };
for (const name of mathNames) mathEntries[name] = Math[name];

function arrayFrom(source: unknown, mapFn?: unknown): unknown[] {
  const length = typeof source === 'string' || Array.isArray(source) ? source.length : Number((source as { length?: unknown })?.length ?? 0);
  if (!(length <= MAX_ARRAY_LENGTH)) throw new SandboxViolation('array too large');
  const base = typeof source === 'string' || Array.isArray(source) ? Array.from(source) : Array.from({ length });
  if (mapFn === undefined) return base;
  if (!isCallable(mapFn)) throw new SandboxViolation('Array.from callback is not a function');
  return base.map((value, index) => (mapFn as Fn)(...([value, index] as never[])));
}

function plainKeys(value: unknown): string[] {
  return value !== null && typeof value === 'object' ? Object.keys(value) : [];
}

function makeDate(...args: unknown[]): Date {
  return new (Date as unknown as new (...a: unknown[]) => Date)(...args);
}

/** What it builds becomes data of the run: text nested deeper than an item may be is refused before parsing (one scan). */
function parseJson(text: unknown): unknown {
  const source = String(text);
  if (jsonTextExceedsDepth(source, MAX_ITEM_DEPTH)) throw new SandboxViolation(`JSON.parse: the text is nested deeper than ${MAX_ITEM_DEPTH} levels`);
  return JSON.parse(source) as unknown;
}

/** Global names visible to expressions. */
export const GLOBALS: Readonly<Record<string, unknown>> = Object.freeze({
  undefined,
  NaN,
  Infinity,
  Math: namespace(undefined, mathEntries),
  JSON: namespace(undefined, {
    parse: parseJson,
    stringify: (value: unknown, _replacer: unknown, space: unknown) =>
      JSON.stringify(value, null, typeof space === 'number' || typeof space === 'string' ? space : undefined),
  }),
  Number: namespace((value: unknown) => Number(value), {
    isInteger: Number.isInteger,
    isFinite: Number.isFinite,
    isNaN: Number.isNaN,
    isSafeInteger: Number.isSafeInteger,
    parseFloat: Number.parseFloat,
    parseInt: Number.parseInt,
    MAX_SAFE_INTEGER: Number.MAX_SAFE_INTEGER,
    MIN_SAFE_INTEGER: Number.MIN_SAFE_INTEGER,
    EPSILON: Number.EPSILON,
  }),
  String: namespace((value: unknown) => String(value), { fromCharCode: String.fromCharCode, fromCodePoint: String.fromCodePoint }),
  Boolean: namespace((value: unknown) => Boolean(value), {}),
  Array: namespace(undefined, { isArray: Array.isArray, from: arrayFrom, of: (...items: unknown[]) => items }),
  Object: namespace(undefined, {
    keys: plainKeys,
    values: (value: unknown) => plainKeys(value).map((key) => (value as Record<string, unknown>)[key]),
    entries: (value: unknown) => plainKeys(value).map((key) => [key, (value as Record<string, unknown>)[key]]),
    fromEntries: (entries: unknown) => Object.fromEntries(entries as Iterable<readonly [PropertyKey, unknown]>),
  }),
  Date: namespace(() => new Date().toString(), { now: Date.now, parse: Date.parse, UTC: Date.UTC }),
  parseInt: markCallable((text: unknown, radix: unknown) => Number.parseInt(String(text), radix === undefined ? undefined : Number(radix))),
  parseFloat: markCallable((text: unknown) => Number.parseFloat(String(text))),
  isNaN: markCallable((value: unknown) => Number.isNaN(Number(value))),
  isFinite: markCallable((value: unknown) => Number.isFinite(Number(value))),
  encodeURIComponent: markCallable((text: unknown) => encodeURIComponent(String(text))),
  decodeURIComponent: markCallable((text: unknown) => decodeURIComponent(String(text))),
  encodeURI: markCallable((text: unknown) => encodeURI(String(text))),
  decodeURI: markCallable((text: unknown) => decodeURI(String(text))),
});

/** `new X(...)` is only allowed for these constructors. */
export const CONSTRUCTIBLE: ReadonlyMap<unknown, (...args: unknown[]) => unknown> = new Map([[GLOBALS['Date'], makeDate]]);
