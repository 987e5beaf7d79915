import { DataTooDeepError, type JsonValue, NodeOperationError, type NodeExecutionContext, parseJsonData } from '@weft/engine-core';
import { RepeatGuard } from './repeat-guard.js';
import { type HttpCall, type HttpResponse, send, type TransportOptions } from './transport.js';

/**
 * `pagination` of the httpRequest node. Expressions see `$response` ({statusCode,
 * headers, body}) of the last page and `$pageCount` (pages fetched so far).
 */
interface Pagination {
  readonly mode?: 'nextUrl' | 'parameter';
  readonly nextUrl?: JsonValue;
  readonly parameter?: { readonly name?: string; readonly in?: 'query' | 'header' | 'body'; readonly value?: JsonValue };
  readonly completeWhen?: 'emptyResponse' | 'expression' | 'statusCodes';
  readonly complete?: JsonValue;
  readonly statusCodes?: readonly number[];
  readonly maxPages?: number;
  /** Milliseconds between two page requests. */
  readonly requestInterval?: number;
}

type Extras = { readonly $response: unknown; readonly $pageCount: number };

const DEFAULT_MAX_PAGES = 100;
/** What `$response` is before the first page, so `$response.body.next` reads as undefined. */
const NO_RESPONSE = { statusCode: 0, headers: {}, body: {} };

function parsedBody(response: HttpResponse): JsonValue {
  const text = response.body.toString('utf8');
  try {
    return parseJsonData(text, `a page of ${new URL(response.url).host}`);
  } catch (error) {
    if (error instanceof DataTooDeepError) throw error;
    return text;
  }
}

const isEmpty = (body: JsonValue): boolean =>
  body === null ||
  body === '' ||
  (Array.isArray(body) && body.length === 0) ||
  (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0);

/**
 * Fetches every page and returns the ones that count. As in n8n, a page whose status is
 * listed in `statusCodes` ends the series and is kept, even an error status (its body
 * becomes items); any other non-2xx page fails the request, and so do pages that repeat.
 */
export async function fetchPages(ctx: NodeExecutionContext, index: number, first: HttpCall, transport: TransportOptions): Promise<HttpResponse[]> {
  const options = ctx.rawParam('pagination') as Pagination;
  const maxPages = Math.max(1, Number(options.maxPages ?? DEFAULT_MAX_PAGES));
  const interval = Math.max(0, Number(options.requestInterval ?? 0));
  const pages: HttpResponse[] = [];
  const repeats = new RepeatGuard(ctx.param('responseFormat', index) === 'binary');
  let call = firstCall(ctx, index, first, options);
  for (let pageCount = 1; ; pageCount += 1) {
    const response = await send(call, transport);
    repeats.check(response);
    const extras = {
      $response: { statusCode: response.statusCode, headers: response.headers as JsonValue, body: parsedBody(response) },
      $pageCount: pageCount,
    };
    const done = isComplete(ctx, index, options, response, extras);
    if (done !== 'skip') pages.push(response);
    if (done !== false || pageCount >= maxPages) return pages;
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw new NodeOperationError(`request failed with status ${response.statusCode}`, response.body.toString('utf8').slice(0, 500));
    }
    if (interval > 0) await ctx.clock.sleep(interval, transport.signal);
    call = nextCall(ctx, index, call, options, extras);
  }
}

/** `false` to go on, `true` when this page is the last, `'skip'` when it is an empty end marker. */
function isComplete(ctx: NodeExecutionContext, index: number, options: Pagination, response: HttpResponse, extras: Extras): boolean | 'skip' {
  switch (options.completeWhen ?? 'emptyResponse') {
    case 'statusCodes':
      return (options.statusCodes ?? []).includes(response.statusCode);
    case 'expression':
      return Boolean(ctx.evaluate(options.complete, index, extras, 'pagination.complete'));
    default:
      return isEmpty((extras.$response as { body: JsonValue }).body) ? 'skip' : false;
  }
}

/** In parameter mode the first request carries the parameter too (`$pageCount` 0), as in n8n. */
function firstCall(ctx: NodeExecutionContext, index: number, call: HttpCall, options: Pagination): HttpCall {
  if ((options.mode ?? 'parameter') !== 'parameter') return call;
  return withParameter(ctx, index, call, options, { $response: NO_RESPONSE, $pageCount: 0 });
}

function nextCall(ctx: NodeExecutionContext, index: number, call: HttpCall, options: Pagination, extras: Extras): HttpCall {
  if ((options.mode ?? 'parameter') === 'parameter') return withParameter(ctx, index, call, options, extras);
  const next = ctx.evaluate(options.nextUrl, index, extras, 'pagination.nextUrl');
  if (typeof next !== 'string' || next === '') throw new NodeOperationError('pagination.nextUrl gave no URL');
  return { ...call, url: new URL(next, call.url) };
}

function withParameter(ctx: NodeExecutionContext, index: number, call: HttpCall, options: Pagination, extras: Extras): HttpCall {
  const name = options.parameter?.name;
  if (!name) throw new NodeOperationError('pagination.parameter.name is required');
  const value = ctx.evaluate(options.parameter?.value, index, extras, 'pagination.parameter.value');
  if (value === undefined || value === null || value === '') return call;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  switch (options.parameter?.in ?? 'query') {
    case 'header':
      return { ...call, headers: { ...call.headers, [name.toLowerCase()]: text } };
    case 'body': {
      if (call.body && !call.headers['content-type']?.includes('json')) throw new NodeOperationError('a pagination parameter in the body needs a JSON body');
      const body = JSON.parse(call.body?.toString('utf8') || '{}') as Record<string, unknown>;
      return { ...call, body: Buffer.from(JSON.stringify({ ...body, [name]: value })) };
    }
    default: {
      const url = new URL(call.url);
      url.searchParams.set(name, text);
      return { ...call, url };
    }
  }
}

/** Validation of the `pagination` property: `[fieldPath, message]` pairs. */
export function checkPagination(value: JsonValue | undefined): [string, string][] {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [['pagination', 'pagination must be an object']];
  const options = value as Pagination;
  const problems: [string, string][] = [];
  if (options.mode !== undefined && options.mode !== 'nextUrl' && options.mode !== 'parameter')
    problems.push(['pagination.mode', 'mode must be nextUrl or parameter']);
  if (options.mode === 'nextUrl' && options.nextUrl === undefined) problems.push(['pagination.nextUrl', 'nextUrl is required']);
  if ((options.mode ?? 'parameter') === 'parameter' && !options.parameter?.name) problems.push(['pagination.parameter.name', 'a parameter name is required']);
  if (options.completeWhen === 'expression' && options.complete === undefined) problems.push(['pagination.complete', 'complete expression is required']);
  if (options.requestInterval !== undefined && !(Number(options.requestInterval) >= 0))
    problems.push(['pagination.requestInterval', 'requestInterval must be a number of milliseconds']);
  return problems;
}
