import { type JsonObject, type JsonValue, NodeOperationError } from '@weft/engine-core';
import { JSON_DEPTH_CEILING, JsonTooDeepError } from '@weft/kernel';

const UNSAFE = new Set(['__proto__', 'prototype', 'constructor']);
/** Parts of a dot path a node may set: each makes the item one level deeper. */
const MAX_PATH_PARTS = 100;

/** Splits `a.b[0].c` into `['a', 'b', '0', 'c']`. */
export const splitPath = (path: string): string[] =>
  path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((part) => part !== '');

/** Reads a dot path; `undefined` when any step is missing. */
export function getPath(source: unknown, path: string): unknown {
  let current: unknown = source;
  for (const part of splitPath(path)) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** A copy of `target` with `value` at the dot path (creating objects on the way). */
export function setPath(target: JsonObject, path: string, value: JsonValue): JsonObject {
  const parts = splitPath(path);
  if (parts.some((part) => UNSAFE.has(part))) throw new Error(`field name "${path}" is not allowed`);
  if (parts.length > MAX_PATH_PARTS) throw new NodeOperationError(`field name "${path.slice(0, 60)}…" has more than ${MAX_PATH_PARTS} parts`);
  const copy = { ...target };
  let cursor: Record<string, JsonValue> = copy;
  parts.forEach((part, index) => {
    if (index === parts.length - 1) {
      cursor[part] = value;
      return;
    }
    const next = cursor[part];
    const child = next !== null && typeof next === 'object' && !Array.isArray(next) ? { ...next } : {};
    cursor[part] = child;
    cursor = child;
  });
  return copy;
}

/** A copy of `target` without the value at the dot path (copies along the path only). */
export function unsetPath(target: JsonObject, path: string): JsonObject {
  const parts = splitPath(path);
  // Down the path (a loop, not recursion: a path may have thousands of parts), then copies back up.
  const along: JsonObject[] = [];
  let current = target;
  let innermost: JsonValue;
  for (let index = 0; ; index++) {
    const part = parts[index];
    if (part === undefined || !Object.hasOwn(current, part)) {
      innermost = { ...current };
      break;
    }
    if (index === parts.length - 1) {
      const others = { ...current };
      delete others[part];
      innermost = others;
      break;
    }
    along.push(current);
    const child = current[part];
    if (child === null || child === undefined || typeof child !== 'object' || Array.isArray(child)) {
      innermost = child ?? null;
      break;
    }
    current = child;
  }
  for (let index = along.length - 1; index >= 0; index--) innermost = { ...along[index], [parts[index]!]: innermost };
  return innermost as JsonObject;
}

/** JSON with sorted keys, so equal values give equal strings. */
export function stableStringify(value: unknown, depth = 0): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (depth >= JSON_DEPTH_CEILING) throw new JsonTooDeepError(JSON_DEPTH_CEILING);
  if (Array.isArray(value)) return `[${value.map((entry) => stableStringify(entry, depth + 1)).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${stableStringify((value as Record<string, unknown>)[key], depth + 1)}`).join(',')}}`;
}

/** Field lists may be given as an array or a comma-separated string. */
export function fieldList(value: unknown): string[] {
  if (Array.isArray(value))
    return value
      .map((entry) => (typeof entry === 'object' && entry !== null ? String((entry as Record<string, unknown>)['field'] ?? '') : String(entry)))
      .filter(Boolean);
  if (typeof value === 'string')
    return value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
  return [];
}

export const toJson = (value: unknown): JsonValue => (value === undefined ? null : (value as JsonValue));
