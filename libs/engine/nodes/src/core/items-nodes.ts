import { type Item, type JsonObject, type JsonValue, NodeOperationError, type NodeType } from '@weft/engine-core';
import { fieldList, getPath, setPath, splitPath, stableStringify, toJson, unsetPath } from './paths.js';

interface AggregateField {
  readonly field: string;
  readonly renameTo?: string;
}

/** Many items → one item holding arrays of the chosen fields (`mergeLists` flattens arrays), or of all item data. */
export const aggregate: NodeType = {
  type: 'aggregate',
  execute: (ctx) => {
    if ((ctx.param<string>('aggregate') ?? 'individualFields') === 'allItemData') {
      const destination = ctx.param<string>('destinationField') ?? 'data';
      return { main: [{ json: { [destination]: ctx.items.map((item) => item.json) } }] };
    }
    const fields = (ctx.param<(AggregateField | string)[]>('fields') ?? []).map((entry) => (typeof entry === 'string' ? { field: entry } : entry));
    const keepMissing = ctx.param<boolean>('keepMissing') ?? false;
    const mergeLists = ctx.param<boolean>('mergeLists') ?? false;
    let json: JsonObject = {};
    for (const { field, renameTo } of fields) {
      const values: unknown[] = [];
      for (const item of ctx.items) {
        let value = getPath(item.json, field);
        if (!keepMissing && (value === undefined || value === null)) continue;
        if (!keepMissing && Array.isArray(value)) value = value.filter((entry) => entry !== null);
        if (mergeLists && Array.isArray(value)) values.push(...(value as unknown[]));
        else values.push(value);
      }
      // As in n8n: an unrenamed `a.b` is output as `b`.
      json = setPath(json, renameTo ?? splitPath(field).at(-1) ?? field, values.map(toJson));
    }
    return { main: [{ json }] };
  },
};

const isPlainObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * One item's list field → one item per element, as n8n's splitOut: a missing field gives
 * no items, an object its values, a scalar one item. An object element becomes the item
 * (no destination, no other fields); otherwise the element goes under `destinationField`
 * or the field's name (the path as written, not nested), beside the other fields chosen.
 */
export const splitOut: NodeType = {
  type: 'splitOut',
  required: ['field'],
  execute: (ctx) => {
    const main: Item[] = [];
    ctx.items.forEach((item, index) => {
      const field = String(ctx.param('field', index));
      const destination = ctx.param<string>('destinationField', index) || undefined;
      const include = ctx.param<string>('include', index) ?? 'noOtherFields';
      const value = getPath(item.json, field);
      const entries: unknown[] = value === undefined ? [] : Array.isArray(value) ? value : isPlainObject(value) ? Object.values(value) : [value];
      for (const entry of entries) {
        let json: JsonObject = isPlainObject(entry) && include === 'noOtherFields' && !destination ? { ...entry } : { [destination ?? field]: toJson(entry) };
        if (include === 'allOtherFields') json = { ...unsetPath(item.json, field), ...json };
        if (include === 'selectedOtherFields') for (const name of fieldList(ctx.param('fieldsToInclude', index))) json[name] = toJson(getPath(item.json, name));
        main.push({ json, pairedItem: index });
      }
    });
    return { main };
  },
};

const sortKey = (value: unknown): unknown => (typeof value === 'string' ? value.toLowerCase() : value);

/** n8n's comparison: strings case-insensitively, equal values keep their order, otherwise JavaScript's `<`. */
function compareValues(a: unknown, b: unknown): number {
  const [x, y] = [sortKey(a), sortKey(b)];
  if (x === y || (typeof x === 'object' && typeof y === 'object' && stableStringify(x) === stableStringify(y))) return 0;
  return (x as number) < (y as number) ? -1 : 1;
}

/** Stable sort by fields, each ascending or descending; a field that no item has is an error (as in n8n). */
export const sort: NodeType = {
  type: 'sort',
  required: ['fields'],
  execute: (ctx) => {
    const fields = (ctx.param<({ field: string; order?: string } | string)[]>('fields') ?? []).map((entry) =>
      typeof entry === 'string' ? { field: entry } : entry,
    );
    for (const { field } of fields) {
      if (ctx.items.length > 0 && ctx.items.every((item) => getPath(item.json, field) === undefined))
        throw new NodeOperationError(`Couldn't find the field '${field}' in the input data`);
    }
    const sorted = [...ctx.items].sort((a, b) => {
      for (const { field, order } of fields) {
        const result = compareValues(getPath(a.json, field), getPath(b.json, field));
        if (result !== 0) return order === 'desc' ? -result : result;
      }
      return 0;
    });
    return { main: sorted };
  },
};

/** Keeps the first or last N items. */
export const limit: NodeType = {
  type: 'limit',
  execute: (ctx) => {
    const max = Math.max(0, Number(ctx.param('maxItems') ?? 1));
    const keepLast = ctx.param<string>('keep') === 'lastItems';
    return { main: keepLast ? ctx.items.slice(Math.max(0, ctx.items.length - max)) : ctx.items.slice(0, max) };
  },
};

/** Drops items equal to an earlier one, by all fields, all but some, or chosen fields. */
export const removeDuplicates: NodeType = {
  type: 'removeDuplicates',
  execute: (ctx) => {
    const compare = ctx.param<string>('compare') ?? 'allFields';
    const fields = fieldList(ctx.param('fields'));
    const seen = new Set<string>();
    const main = ctx.items.filter((item) => {
      const key = stableStringify(keyOf(item.json, compare, fields));
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return { main };
  },
};

function keyOf(json: JsonObject, compare: string, fields: string[]): JsonValue {
  if (compare === 'selectedFields') return fields.map((field) => toJson(getPath(json, field)));
  if (compare === 'allFieldsExcept') return Object.fromEntries(Object.entries(json).filter(([key]) => !fields.includes(key)));
  return json;
}
