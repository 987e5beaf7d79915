import { type Item, type JsonObject, type JsonValue, NodeOperationError, type NodeType } from '@weft/engine-core';
import { fieldList, getPath, setPath, stableStringify, toJson } from './paths.js';

interface AggregateField {
  readonly field: string;
  readonly renameTo?: string;
}

/** Many items → one item holding arrays of the chosen fields, or of all item data. */
export const aggregate: NodeType = {
  type: 'aggregate',
  execute: (ctx) => {
    if ((ctx.param<string>('aggregate') ?? 'individualFields') === 'allItemData') {
      const destination = ctx.param<string>('destinationField') ?? 'data';
      return { main: [{ json: { [destination]: ctx.items.map((item) => item.json) } }] };
    }
    const fields = (ctx.param<(AggregateField | string)[]>('fields') ?? []).map((entry) => (typeof entry === 'string' ? { field: entry } : entry));
    const keepMissing = ctx.param<boolean>('keepMissing') ?? false;
    let json: JsonObject = {};
    for (const { field, renameTo } of fields) {
      const values = ctx.items.map((item) => getPath(item.json, field)).filter((value) => keepMissing || (value !== undefined && value !== null));
      json = setPath(json, renameTo ?? field, values.map(toJson));
    }
    return { main: [{ json }] };
  },
};

/** One item's array field → one item per element (objects become the item, others `{field: value}`). */
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
      if (value === undefined) throw new NodeOperationError(`field "${field}" not found in item ${index}`);
      const entries = Array.isArray(value) ? value : [value];
      const base = baseFields(item.json, field, include, fieldList(ctx.param('fieldsToInclude', index)));
      for (const entry of entries) {
        const isObject = entry !== null && typeof entry === 'object' && !Array.isArray(entry);
        const json = isObject && !destination ? { ...base, ...(entry as JsonObject) } : setPath(base, destination ?? field, toJson(entry));
        main.push({ json, pairedItem: index });
      }
    });
    return { main };
  },
};

function baseFields(json: JsonObject, field: string, include: string, selected: string[]): JsonObject {
  if (include === 'allOtherFields') {
    const { [field]: _dropped, ...rest } = json;
    return rest;
  }
  if (include === 'selectedOtherFields') {
    let base: JsonObject = {};
    for (const name of selected) base = setPath(base, name, toJson(getPath(json, name)));
    return base;
  }
  return {};
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return 1;
  if (b === undefined || b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const [x, y] = [typeof a === 'object' ? JSON.stringify(a) : String(a), typeof b === 'object' ? JSON.stringify(b) : String(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Stable sort by fields, each ascending or descending. */
export const sort: NodeType = {
  type: 'sort',
  required: ['fields'],
  execute: (ctx) => {
    const fields = (ctx.param<({ field: string; order?: string } | string)[]>('fields') ?? []).map((entry) => (typeof entry === 'string' ? { field: entry } : entry));
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
