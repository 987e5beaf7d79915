import { DATETIME_METHODS, DATETIME_PROPERTIES, SafeDateTime } from './date-time.js';
import { SandboxViolation } from './errors.js';
import { findExtension } from './extensions.js';
import { ItemsView } from './items-view.js';
import { isCallable } from './callable.js';

export { isCallable, markCallable } from './callable.js';

/**
 * Property-access guard of the expression sandbox. Every member read and method call of
 * an expression goes through here, whatever produced the key (identifier, computed key,
 * template literal, concatenation). Only own data properties of plain objects and arrays
 * are readable, plus an allow-list of side-effect-free methods of primitives, arrays and
 * dates, and the allow-listed members of the sandbox's own classes (`SafeDateTime`, `ItemsView`).
 */

const BLOCKED_KEYS = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'caller',
  'callee',
  'arguments',
  'bind',
  'call',
  'apply',
]);

const STRING_METHODS = new Set([
  'at',
  'charAt',
  'charCodeAt',
  'codePointAt',
  'concat',
  'endsWith',
  'includes',
  'indexOf',
  'lastIndexOf',
  'localeCompare',
  'match',
  'normalize',
  'padEnd',
  'padStart',
  'repeat',
  'replace',
  'replaceAll',
  'search',
  'slice',
  'split',
  'startsWith',
  'substring',
  'substr',
  'toLowerCase',
  'toUpperCase',
  'toLocaleLowerCase',
  'toLocaleUpperCase',
  'toString',
  'trim',
  'trimEnd',
  'trimStart',
  'valueOf',
]);

// Mutating methods (push, splice, fill, ...) are left out: items are shared between nodes.
const ARRAY_METHODS = new Set([
  'at',
  'concat',
  'every',
  'filter',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'flat',
  'flatMap',
  'forEach',
  'includes',
  'indexOf',
  'join',
  'lastIndexOf',
  'map',
  'reduce',
  'reduceRight',
  'slice',
  'some',
  'toReversed',
  'toSorted',
  'toSpliced',
  'toString',
  'with',
]);

const NUMBER_METHODS = new Set(['toFixed', 'toPrecision', 'toString', 'toExponential', 'toLocaleString', 'valueOf']);

const DATE_METHODS = new Set([
  'getDate',
  'getDay',
  'getFullYear',
  'getHours',
  'getMilliseconds',
  'getMinutes',
  'getMonth',
  'getSeconds',
  'getTime',
  'getTimezoneOffset',
  'getUTCDate',
  'getUTCDay',
  'getUTCFullYear',
  'getUTCHours',
  'getUTCMilliseconds',
  'getUTCMinutes',
  'getUTCMonth',
  'getUTCSeconds',
  'toISOString',
  'toJSON',
  'toDateString',
  'toTimeString',
  'toUTCString',
  'toString',
  'toLocaleDateString',
  'toLocaleString',
  'toLocaleTimeString',
  'valueOf',
]);

const REGEXP_METHODS = new Set(['test', 'exec', 'toString']);

/** Longest string an expression may build; stops `'x'.repeat(1e9)` before it allocates. */
export const MAX_STRING_LENGTH = 10_000_000;
/** Largest array an expression may build in one call. */
export const MAX_ARRAY_LENGTH = 1_000_000;

const namespaces = new WeakMap<object, Readonly<Record<string, unknown>>>();

/** Makes `table` the readable members of the global `value` (e.g. `Math`). */
export function registerNamespace(value: object, table: Readonly<Record<string, unknown>>): void {
  namespaces.set(value, table);
}

export function toKey(key: unknown): string {
  if (typeof key === 'symbol') throw new SandboxViolation('symbol keys are not allowed');
  const name = String(key);
  if (BLOCKED_KEYS.has(name)) throw new SandboxViolation(`access to "${name}" is not allowed`);
  return name;
}

/** A plain object of any realm (checkpoints may be cloned by another realm's structuredClone). */
export const isPlainRecord = (value: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === null || proto === Object.prototype) return true;
  return Object.getPrototypeOf(proto) === null && Object.prototype.toString.call(value) === '[object Object]' && !namespaceOrCallable(value);
};

const namespaceOrCallable = (value: object): boolean => typeof value === 'function';

function ownData(target: object, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  return descriptor && 'value' in descriptor ? descriptor.value : undefined;
}

/** Reads `object[key]` under the sandbox rules; `undefined` for anything not readable. */
export function readMember(object: unknown, rawKey: unknown): unknown {
  const key = toKey(rawKey);
  if (object === null || object === undefined) {
    throw new SandboxViolation(`cannot read "${key}" of ${String(object)}`);
  }
  if (typeof object === 'string') {
    if (key === 'length') return object.length;
    return isIndex(key) ? object[Number(key)] : undefined;
  }
  if (typeof object === 'function' || typeof object === 'object') {
    const table = namespaces.get(object);
    if (table) return ownData(table, key);
  }
  if (typeof object !== 'object') return undefined;
  if (Array.isArray(object)) {
    if (key === 'length') return object.length;
    return isIndex(key) ? ownData(object, key) : undefined;
  }
  if (isPlainRecord(object)) return ownData(object, key);
  if (object instanceof ItemsView) return object.read(key);
  if (object instanceof SafeDateTime) return DATETIME_PROPERTIES.has(key) ? object[key as 'year'] : undefined;
  if (object instanceof RegExp) {
    if (key === 'source' || key === 'flags' || key === 'global') return object[key];
  }
  return undefined;
}

const isIndex = (key: string): boolean => /^(0|[1-9]\d*)$/.test(key);

/** Calls `object[key](...args)` when `key` is an allow-listed method of the value's kind. */
export function callMember(object: unknown, rawKey: unknown, args: unknown[]): unknown {
  const key = toKey(rawKey);
  if (typeof object === 'string' && STRING_METHODS.has(key)) return callStringMethod(object, key, args);
  if (typeof object === 'number' && NUMBER_METHODS.has(key)) {
    return invoke(Number.prototype, key, object, args);
  }
  if (typeof object === 'boolean' && key === 'toString') return String(object);
  if (Array.isArray(object) && ARRAY_METHODS.has(key)) return callArrayMethod(object, key, args);
  if (object instanceof Date && DATE_METHODS.has(key)) {
    return invoke(Date.prototype, key, object, args);
  }
  if (object instanceof SafeDateTime && DATETIME_METHODS.has(key)) return invoke(SafeDateTime.prototype, key, object, args);
  if (object instanceof RegExp && REGEXP_METHODS.has(key)) {
    return invoke(RegExp.prototype, key, object, args);
  }
  const member = object !== null && typeof object === 'object' ? readMember(object, key) : undefined;
  if (isCallable(member)) return member(...args);
  const extension = member === undefined ? findExtension(object, key) : undefined;
  if (extension) return extension(object as never, ...args);
  throw new SandboxViolation(`${describe(object)}.${key} is not a function`);
}

function callStringMethod(text: string, key: string, args: unknown[]): unknown {
  if (key === 'repeat' && text.length * Number(args[0] ?? 0) > MAX_STRING_LENGTH) {
    throw new SandboxViolation('string too long');
  }
  if ((key === 'padStart' || key === 'padEnd') && Number(args[0] ?? 0) > MAX_STRING_LENGTH) {
    throw new SandboxViolation('string too long');
  }
  // Replacer callbacks must be our own functions; anything else is passed as a string.
  if ((key === 'replace' || key === 'replaceAll') && typeof args[1] === 'function' && !isCallable(args[1])) {
    throw new SandboxViolation('replacer is not a function');
  }
  return invoke(String.prototype, key, text, args);
}

function callArrayMethod(array: unknown[], key: string, args: unknown[]): unknown {
  for (const arg of args) {
    if (typeof arg === 'function' && !isCallable(arg)) throw new SandboxViolation('callback is not allowed');
  }
  if (key === 'join') {
    const result = array.join(args[0] === undefined ? ',' : String(args[0]));
    return result;
  }
  if (key === 'flat' && Number(args[0] ?? 1) > 100) throw new SandboxViolation('flat depth too large');
  return invoke(Array.prototype, key, array, args);
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

function invoke(prototype: object, key: string, self: unknown, args: unknown[]): unknown {
  const method = (prototype as Record<string, Method>)[key];
  if (!method) throw new SandboxViolation(`${key} is not a function`);
  return method.apply(self, args);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
