import { type NodeExecutionContext, NodeOperationError } from '@weft/engine-core';

/** One condition of `if`, `filter` and `switch` rules. */
export interface Condition {
  readonly left?: unknown;
  readonly op: string;
  readonly right?: unknown;
  /** Strict typing (n8n's default): the values must be of this type, else the node fails. */
  readonly type?: string;
  /** `false`: strings compare in lower case. */
  readonly caseSensitive?: boolean;
}

const isEmpty = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  value === '' ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && value !== null && Object.keys(value).length === 0);

const asNumber = (value: unknown): number => (typeof value === 'number' ? value : Number(value));
const bothNumeric = (a: unknown, b: unknown): boolean =>
  (typeof a === 'number' || (typeof a === 'string' && a.trim() !== '' && !Number.isNaN(Number(a)))) &&
  (typeof b === 'number' || (typeof b === 'string' && b.trim() !== '' && !Number.isNaN(Number(b))));

function compare(a: unknown, b: unknown): number {
  if (bothNumeric(a, b)) return asNumber(a) - asNumber(b);
  if (a instanceof Date || b instanceof Date) return new Date(String(a)).getTime() - new Date(String(b)).getTime();
  const [x, y] = [String(a), String(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

function contains(haystack: unknown, needle: unknown): boolean {
  if (Array.isArray(haystack)) return haystack.some((entry) => entry === needle || (bothNumeric(entry, needle) && asNumber(entry) === asNumber(needle)));
  return String(haystack ?? '').includes(String(needle ?? ''));
}

function equals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (bothNumeric(a, b)) return asNumber(a) === asNumber(b);
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return String(a) === String(b);
}

const OPS: Record<string, (left: unknown, right: unknown) => boolean> = {
  eq: equals,
  ne: (a, b) => !equals(a, b),
  gt: (a, b) => a !== undefined && a !== null && compare(a, b) > 0,
  gte: (a, b) => a !== undefined && a !== null && compare(a, b) >= 0,
  lt: (a, b) => a !== undefined && a !== null && compare(a, b) < 0,
  lte: (a, b) => a !== undefined && a !== null && compare(a, b) <= 0,
  contains,
  notContains: (a, b) => !contains(a, b),
  startsWith: (a, b) => String(a ?? '').startsWith(String(b ?? '')),
  notStartsWith: (a, b) => !String(a ?? '').startsWith(String(b ?? '')),
  endsWith: (a, b) => String(a ?? '').endsWith(String(b ?? '')),
  notEndsWith: (a, b) => !String(a ?? '').endsWith(String(b ?? '')),
  regex: (a, b) => toRegExp(b).test(String(a ?? '')),
  notRegex: (a, b) => !toRegExp(b).test(String(a ?? '')),
  exists: (a) => a !== undefined && a !== null,
  notExists: (a) => a === undefined || a === null,
  isEmpty,
  isNotEmpty: (a) => !isEmpty(a),
  isNumber: (a) => typeof a === 'number' && !Number.isNaN(a),
  isString: (a) => typeof a === 'string',
  isArray: (a) => Array.isArray(a),
  isObject: (a) => typeof a === 'object' && a !== null && !Array.isArray(a),
  isBoolean: (a) => typeof a === 'boolean',
  isTrue: (a) => a === true || a === 'true',
  isFalse: (a) => a === false || a === 'false',
};

export const CONDITION_OPS: ReadonlySet<string> = new Set(Object.keys(OPS));

function toRegExp(pattern: unknown): RegExp {
  const text = String(pattern ?? '');
  const literal = /^\/(.*)\/([a-z]*)$/s.exec(text);
  return literal ? new RegExp(literal[1]!, literal[2]) : new RegExp(text);
}

const TYPE_CHECKS: Record<string, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  number: (value) => typeof value === 'number',
  boolean: (value) => typeof value === 'boolean',
  array: (value) => Array.isArray(value),
  object: (value) => typeof value === 'object' && !Array.isArray(value),
};

const typeName = (value: unknown): string => (Array.isArray(value) ? 'array' : typeof value);

function checkType(value: unknown, type: string): void {
  const check = TYPE_CHECKS[type];
  if (value === undefined || value === null || !check || check(value)) return;
  const shown = typeof value === 'object' ? JSON.stringify(value) : String(value);
  throw new NodeOperationError(`Wrong type: '${shown}' is a ${typeName(value)} but was expecting a ${type}`);
}

export function testCondition(condition: Condition): boolean {
  const op = OPS[condition.op];
  if (!op) throw new Error(`unknown condition operator "${condition.op}"`);
  if (condition.type) {
    checkType(condition.left, condition.type);
    // The right value of array and object operators (contains, length…) is of another type.
    if (condition.type !== 'array' && condition.type !== 'object') checkType(condition.right, condition.type);
  }
  if (condition.caseSensitive === false) return op(lower(condition.left), lower(condition.right));
  return op(condition.left, condition.right);
}

const lower = (value: unknown): unknown => (typeof value === 'string' ? value.toLowerCase() : value);

/** Evaluates a node's `conditions` (with `combinator` and/or) for one item. */
export function matches(ctx: NodeExecutionContext, itemIndex: number, conditionsProperty = 'conditions', combinatorProperty = 'combinator'): boolean {
  const conditions = ctx.param<Condition[]>(conditionsProperty, itemIndex) ?? [];
  const combinator = ctx.param<string>(combinatorProperty, itemIndex) ?? 'and';
  return combinator === 'or' ? conditions.some(testCondition) : conditions.every(testCondition);
}

/** Validation of a `conditions` list: `[fieldPath, message]` pairs. */
export function checkConditions(value: unknown, path = 'conditions'): [string, string][] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return [[path, 'conditions must be an array']];
  return value.flatMap((condition, index): [string, string][] => {
    const op = (condition as Condition | null)?.op;
    return typeof op === 'string' && CONDITION_OPS.has(op) ? [] : [[`${path}[${index}].op`, `unknown operator "${String(op)}"`]];
  });
}
