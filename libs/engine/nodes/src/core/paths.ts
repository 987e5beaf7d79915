import { type JsonObject, type JsonValue } from '@weft/engine-core';

const UNSAFE = new Set(['__proto__', 'prototype', 'constructor']);

/** Splits `a.b[0].c` into `['a', 'b', '0', 'c']`. */
export const splitPath = (path: string): string[] => path.replace(/\[(\d+)\]/g, '.$1').split('.').filter((part) => part !== '');

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
  const [head, ...rest] = splitPath(path);
  if (head === undefined || !Object.hasOwn(target, head)) return { ...target };
  const { [head]: child, ...others } = target;
  if (rest.length === 0) return others;
  const nested = child !== null && typeof child === 'object' && !Array.isArray(child) ? unsetPath(child, rest.join('.')) : (child ?? null);
  return { ...target, [head]: nested };
}

/** JSON with sorted keys, so equal values give equal strings. */
export function stableStringify(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${stableStringify((value as Record<string, unknown>)[key])}`).join(',')}}`;
}

/** Field lists may be given as an array or a comma-separated string. */
export function fieldList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((entry) => (typeof entry === 'object' && entry !== null ? String((entry as Record<string, unknown>)['field'] ?? '') : String(entry))).filter(Boolean);
  if (typeof value === 'string') return value.split(',').map((part) => part.trim()).filter(Boolean);
  return [];
}

export const toJson = (value: unknown): JsonValue => (value === undefined ? null : (value as JsonValue));
