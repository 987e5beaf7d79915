import { type JsonValue } from '@weft/engine-core';
import { convertValue, type ParamReader } from './params.js';

const OPERATIONS: Record<string, string> = {
  equals: 'eq',
  notEquals: 'ne',
  gt: 'gt',
  gte: 'gte',
  lt: 'lt',
  lte: 'lte',
  after: 'gt',
  before: 'lt',
  afterOrEquals: 'gte',
  beforeOrEquals: 'lte',
  contains: 'contains',
  notContains: 'notContains',
  startsWith: 'startsWith',
  notStartsWith: 'notStartsWith',
  endsWith: 'endsWith',
  notEndsWith: 'notEndsWith',
  regex: 'regex',
  notRegex: 'notRegex',
  exists: 'exists',
  notExists: 'notExists',
  empty: 'isEmpty',
  notEmpty: 'isNotEmpty',
  true: 'isTrue',
  false: 'isFalse',
};

interface N8nCondition {
  leftValue?: JsonValue;
  rightValue?: JsonValue;
  operator?: { type?: string; operation?: string };
}

const TYPED = new Set(['string', 'number', 'boolean', 'array', 'object']);

/**
 * n8n filter-v2 conditions (`{conditions: [...], combinator, options}`) → Weft conditions.
 * With n8n's default strict type validation (not `typeValidation: loose`, nor the node's
 * `looseTypeValidation` at `loosePath`), each condition keeps its operator `type`, and a
 * value of another type fails the node as in n8n.
 */
export function mapConditions(params: ParamReader, path: string, loosePath: string): { conditions: JsonValue; combinator: string } {
  const block = params.raw(path) as
    { conditions?: N8nCondition[]; combinator?: string; options?: { caseSensitive?: boolean; typeValidation?: string } } | undefined;
  const strict = (block?.options?.typeValidation ?? 'strict') === 'strict' && params.raw(loosePath) !== true;
  const ignoreCase = block?.options?.caseSensitive === false;
  const conditions = (block?.conditions ?? []).map((condition, index) => {
    const operation = condition.operator?.operation ?? 'equals';
    const op = OPERATIONS[operation];
    if (!op)
      params.problem('error', `parameters.${path}.conditions[${index}].operator`, `operator "${condition.operator?.type}.${operation}" is not supported`);
    const right = convertValue(condition.rightValue);
    const type = condition.operator?.type;
    return {
      left: convertValue(condition.leftValue) ?? null,
      op: op ?? 'eq',
      ...(right === undefined || right === '' ? {} : { right }),
      ...(strict && type && TYPED.has(type) ? { type } : {}),
      ...(ignoreCase ? { caseSensitive: false } : {}),
    } as JsonValue;
  });
  return { conditions, combinator: block?.combinator ?? 'and' };
}
