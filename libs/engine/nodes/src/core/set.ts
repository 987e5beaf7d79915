import { DataTooDeepError, type Item, type JsonObject, type JsonValue, NodeOperationError, type NodeType, parseJsonData } from '@weft/engine-core';
import { fieldList, getPath, setPath, splitPath, toJson, unsetPath } from './paths.js';

interface FieldAssignment {
  readonly name: string;
  readonly type?: string;
  readonly value?: unknown;
}

const TYPES = new Set(['string', 'number', 'boolean', 'array', 'object']);

function parseJsonValue(value: unknown, type: string, name: string): JsonValue {
  if (typeof value !== 'string') return toJson(value);
  try {
    return parseJsonData(value, `field "${name}"`);
  } catch (error) {
    if (error instanceof DataTooDeepError) throw error;
    throw new NodeOperationError(`field "${name}": "${value}" is not a valid ${type}`);
  }
}

function convert(field: FieldAssignment): JsonValue {
  const { value, name } = field;
  switch (field.type ?? 'string') {
    case 'number': {
      const number = typeof value === 'number' ? value : Number(value);
      if (Number.isNaN(number)) throw new NodeOperationError(`field "${name}": "${String(value)}" is not a number`);
      return number;
    }
    case 'boolean':
      return value === true || value === 'true' || value === 1 || value === '1';
    case 'array': {
      const parsed = parseJsonValue(value, 'array', name);
      if (!Array.isArray(parsed)) throw new NodeOperationError(`field "${name}" is not an array`);
      return parsed;
    }
    case 'object': {
      const parsed = parseJsonValue(value, 'object', name);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new NodeOperationError(`field "${name}" is not an object`);
      return parsed;
    }
    default:
      // As n8n's set v3.4: a missing value stays null.
      if (value === undefined || value === null) return null;
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** The item's fields the new ones start from: none, all, all but `dropFields`, or only `keepFields` (an `a.b` kept as `b`, as n8n). */
function baseOf(item: Item, ctx: Parameters<NodeType['execute']>[0]): JsonObject {
  if (ctx.param<boolean>('keepOnlySet') ?? false) return {};
  const keep = fieldList(ctx.param('keepFields'));
  if (keep.length > 0) {
    let base: JsonObject = {};
    for (const field of keep) {
      const value = getPath(item.json, field);
      if (value !== undefined) base = setPath(base, splitPath(field).at(-1) ?? field, toJson(value));
    }
    return base;
  }
  return fieldList(ctx.param('dropFields')).reduce((json, field) => unsetPath(json, field), item.json);
}

/** Sets fields (dot paths allowed) on every item; `keepOnlySet` drops the others, `keepFields` / `dropFields` choose them. */
export const set: NodeType = {
  type: 'set',
  required: ['fields'],
  validate: (properties) => {
    const fields = properties['fields'];
    if (!Array.isArray(fields)) return [['fields', 'fields must be an array']];
    return fields.flatMap((field, index): [string, string][] => {
      const entry = field as Partial<FieldAssignment> | null;
      const problems: [string, string][] = [];
      if (typeof entry?.name !== 'string' || entry.name === '') problems.push([`fields[${index}].name`, 'name is required']);
      if (entry?.type !== undefined && !TYPES.has(entry.type)) problems.push([`fields[${index}].type`, `unknown type "${entry.type}"`]);
      return problems;
    });
  },
  execute: (ctx) => {
    const keepOnlySet = ctx.param<boolean>('keepOnlySet') ?? false;
    const main = ctx.items.map((item, index): Item => {
      const fields = ctx.param<FieldAssignment[]>('fields', index) ?? [];
      let json: JsonObject = baseOf(item, ctx);
      for (const field of fields) json = setPath(json, field.name, convert(field));
      return { json, ...(item.binary && !keepOnlySet ? { binary: item.binary } : {}), pairedItem: index };
    });
    return { main };
  },
};
