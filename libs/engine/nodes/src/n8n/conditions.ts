import { type JsonValue } from '@weft/engine-core';
import { convertValue, type ParamReader } from './params.js';

const OPERATIONS: Record<string, string> = {
  equals: 'eq', notEquals: 'ne', gt: 'gt', gte: 'gte', lt: 'lt', lte: 'lte', after: 'gt', before: 'lt', afterOrEquals: 'gte',
  beforeOrEquals: 'lte', contains: 'contains', notContains: 'notContains', startsWith: 'startsWith', notStartsWith: 'notStartsWith',
  endsWith: 'endsWith', notEndsWith: 'notEndsWith', regex: 'regex', notRegex: 'notRegex', exists: 'exists', notExists: 'notExists',
  empty: 'isEmpty', notEmpty: 'isNotEmpty', true: 'isTrue', false: 'isFalse',
};

interface N8nCondition {
  leftValue?: JsonValue;
  rightValue?: JsonValue;
  operator?: { type?: string; operation?: string };
}

/** n8n filter-v2 conditions (`{conditions: [...], combinator, options}`) → Weft conditions. */
export function mapConditions(params: ParamReader, path: string): { conditions: JsonValue; combinator: string } {
  const block = params.raw(path) as { conditions?: N8nCondition[]; combinator?: string; options?: { caseSensitive?: boolean } } | undefined;
  if (block?.options?.caseSensitive === false) params.problem('warning', `parameters.${path}.options.caseSensitive`, 'case-insensitive comparison is not supported; conditions compare case-sensitively');
  const conditions = (block?.conditions ?? []).map((condition, index) => {
    const operation = condition.operator?.operation ?? 'equals';
    const op = OPERATIONS[operation];
    if (!op) params.problem('error', `parameters.${path}.conditions[${index}].operator`, `operator "${condition.operator?.type}.${operation}" is not supported`);
    const right = convertValue(condition.rightValue);
    return { left: convertValue(condition.leftValue) ?? null, op: op ?? 'eq', ...(right === undefined || right === '' ? {} : { right }) } as JsonValue;
  });
  return { conditions, combinator: block?.combinator ?? 'and' };
}
