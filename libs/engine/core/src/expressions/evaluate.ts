import { compileExpression, SHORT, type Code } from './compiler.js';
import { MAX_ITEM_DEPTH } from '../data-depth.js';
import { DEFAULT_LIMITS, type EvaluationLimits, type ExpressionData } from './data.js';
import { ExpressionError } from './errors.js';
import { Runtime } from './runtime.js';
import { SafeDateTime, ZonedDateTime } from './date-time.js';
import { ItemsView } from './items-view.js';
import { hasExpression, splitTemplate } from './template.js';

type CompiledPart = string | { readonly source: string; readonly code: Code };
interface CompiledTemplate {
  /** Set when the whole string is one expression: its value keeps its type. */
  readonly single?: { readonly source: string; readonly code: Code };
  readonly parts: readonly CompiledPart[];
}

const CACHE_LIMIT = 10_000;
const cache = new Map<string, CompiledTemplate | ExpressionError>();

function compileTemplate(text: string): CompiledTemplate {
  const cached = cache.get(text);
  if (cached instanceof ExpressionError) throw cached;
  if (cached) return cached;
  let compiled: CompiledTemplate;
  try {
    const parts = splitTemplate(text).map((part) => (part.kind === 'text' ? part.text : { source: part.source, code: compileOrThrow(part.source) }));
    const only = parts.length === 1 ? parts[0] : undefined;
    compiled = only !== undefined && typeof only !== 'string' ? { single: only, parts } : { parts };
  } catch (error) {
    remember(text, error as ExpressionError);
    throw error;
  }
  remember(text, compiled);
  return compiled;
}

function remember(text: string, value: CompiledTemplate | ExpressionError): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, value);
}

function compileOrThrow(source: string): Code {
  try {
    return compileExpression(source);
  } catch (error) {
    throw new ExpressionError(`invalid expression: ${(error as Error).message}`, source);
  }
}

/** An error's message; V8's stack overflow (a runaway recursion, a value too deep for a native walk) said plainly. */
function messageOf(error: unknown, overflow: string): string {
  if (error instanceof RangeError && error.message.includes('call stack')) return overflow;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Evaluates a string that may contain `{{ }}` expressions. A string that is exactly one
 * expression yields the expression's value; mixed text yields a string. Throws
 * {@link ExpressionError} for syntax the sandbox refuses, runtime errors and exceeded budgets.
 */
export function evaluateTemplate(text: string, data: ExpressionData, limits: EvaluationLimits = DEFAULT_LIMITS): unknown {
  if (!hasExpression(text)) return text;
  const template = compileTemplate(text);
  if (template.single) return toResult(run(template.single, data, limits), template.single.source);
  let result = '';
  for (const part of template.parts) {
    result += typeof part === 'string' ? part : stringify(toResult(run(part, data, limits), part.source));
  }
  return result;
}

/**
 * As {@link evaluateTemplate}, except that a text that is exactly one expression giving a
 * DateTime (`{{ $now }}`) yields a {@link ZonedDateTime} instead of its ISO string.
 */
export function evaluateTemplateKeepingDateTime(text: string, data: ExpressionData, limits: EvaluationLimits = DEFAULT_LIMITS): unknown {
  if (!hasExpression(text)) return text;
  const single = compileTemplate(text).single;
  if (!single) return evaluateTemplate(text, data, limits);
  const value = run(single, data, limits);
  return value instanceof SafeDateTime ? new ZonedDateTime(value.ms, value.zone) : toResult(value, single.source);
}

function run(part: { readonly source: string; readonly code: Code }, data: ExpressionData, limits: EvaluationLimits): unknown {
  try {
    const value = part.code(undefined, new Runtime(data, limits));
    return value === SHORT ? undefined : value;
  } catch (error) {
    if (error instanceof ExpressionError) throw error;
    throw new ExpressionError(messageOf(error, 'the expression recursed or nested too deeply'), part.source);
  }
}

/** Expression values leave the sandbox as JSON data: dates become ISO strings, functions are refused. */
function toResult(value: unknown, source: string): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function') throw new ExpressionError('expression evaluated to a function', source);
    return value;
  }
  if (value instanceof SafeDateTime) return value.toISO();
  if (value instanceof ItemsView) throw new ExpressionError("expression evaluated to a node's items view: read .item, .all(), .first() or .last()", source);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof RegExp) return value.toString();
  // Converting recurses only into values that passed this check, so never deeper than MAX_ITEM_DEPTH.
  if (!needsConversion(value, source)) return value;
  if (Array.isArray(value)) return value.map((entry) => toResult(entry, source));
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, toResult(entry, source)]));
}

/**
 * Whether a plain array or object holds (at any depth) something that is not plain JSON
 * data. One iterative pass, which also refuses a value nested deeper than
 * `MAX_ITEM_DEPTH`: an expression's value becomes a node's data (`{{ JSON.parse(...) }}`,
 * a wrapper built in a loop).
 */
function needsConversion(root: object, source: string): boolean {
  const pending: object[] = [root];
  const depths: number[] = [1];
  while (pending.length > 0) {
    const value = pending.pop()!;
    const depth = depths.pop()!;
    if (value instanceof Date || value instanceof SafeDateTime || value instanceof RegExp || value instanceof ItemsView) return true;
    if (depth > MAX_ITEM_DEPTH) throw new ExpressionError(`the expression's value is nested deeper than ${MAX_ITEM_DEPTH} levels`, source);
    for (const child of Array.isArray(value) ? (value as unknown[]) : Object.values(value)) {
      if (typeof child === 'function') return true;
      if (child !== null && typeof child === 'object') {
        pending.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Parses `text`'s expressions without running them; returns the first problem, if any. */
export function checkTemplate(text: string): ExpressionError | undefined {
  if (!hasExpression(text)) return undefined;
  try {
    compileTemplate(text);
    return undefined;
  } catch (error) {
    return error as ExpressionError;
  }
}
