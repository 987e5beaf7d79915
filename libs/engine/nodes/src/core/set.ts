import { type Item, type JsonObject, type JsonValue, NodeOperationError, type NodeType } from '@weft/engine-core';
import { setPath, toJson } from './paths.js';

interface FieldAssignment {
  readonly name: string;
  readonly type?: string;
  readonly value?: unknown;
}

const TYPES = new Set(['string', 'number', 'boolean', 'array', 'object']);

function parseJsonValue(value: unknown, type: string, name: string): JsonValue {
  if (typeof value !== 'string') return toJson(value);
  try {
    return JSON.parse(value) as JsonValue;
  } catch {
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
      if (value === undefined || value === null) return '';
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** Sets fields (dot paths allowed) on every item; `keepOnlySet` drops the others. */
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
      let json: JsonObject = keepOnlySet ? {} : item.json;
      for (const field of fields) json = setPath(json, field.name, convert(field));
      return { json, ...(item.binary && !keepOnlySet ? { binary: item.binary } : {}), pairedItem: index };
    });
    return { main };
  },
};
