import { type JsonValue, NodeOperationError, type NodeExecutionContext } from '@weft/engine-core';
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
}

const DEFAULT_MAX_PAGES = 100;

function parsedBody(response: HttpResponse): JsonValue {
  const text = response.body.toString('utf8');
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

const isEmpty = (body: JsonValue): boolean =>
  body === null || body === '' || (Array.isArray(body) && body.length === 0) || (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0);

/** Fetches every page; the pages that count (not the one that says "done" by status code or emptiness). */
export async function fetchPages(ctx: NodeExecutionContext, index: number, first: HttpCall, transport: TransportOptions): Promise<HttpResponse[]> {
  const options = ctx.rawParam('pagination') as Pagination;
  const maxPages = Math.max(1, Number(options.maxPages ?? DEFAULT_MAX_PAGES));
  const pages: HttpResponse[] = [];
  let call = first;
  for (let pageCount = 0; pageCount < maxPages; pageCount += 1) {
    const response = await send(call, transport);
    const $response = { statusCode: response.statusCode, headers: response.headers as JsonValue, body: parsedBody(response) };
    const extras = { $response, $pageCount: pageCount + 1 };
    const when = options.completeWhen ?? 'emptyResponse';
    if (when === 'statusCodes' && (options.statusCodes ?? []).includes(response.statusCode)) break;
    if (when === 'emptyResponse' && isEmpty($response.body)) break;
    pages.push(response);
    if (when === 'expression' && ctx.evaluate(options.complete, index, extras, 'pagination.complete')) break;
    call = nextCall(ctx, index, call, options, extras);
  }
  return pages;
}

function nextCall(ctx: NodeExecutionContext, index: number, call: HttpCall, options: Pagination, extras: { $response: unknown; $pageCount: number }): HttpCall {
  if ((options.mode ?? 'parameter') === 'nextUrl') {
    const next = ctx.evaluate(options.nextUrl, index, extras, 'pagination.nextUrl');
    if (typeof next !== 'string' || next === '') throw new NodeOperationError('pagination.nextUrl gave no URL');
    return { ...call, url: new URL(next, call.url) };
  }
  const name = options.parameter?.name;
  if (!name) throw new NodeOperationError('pagination.parameter.name is required');
  const value = ctx.evaluate(options.parameter?.value, index, extras, 'pagination.parameter.value');
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  switch (options.parameter?.in ?? 'query') {
    case 'header':
      return { ...call, headers: { ...call.headers, [name.toLowerCase()]: text } };
    case 'body': {
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
  if (options.mode !== undefined && options.mode !== 'nextUrl' && options.mode !== 'parameter') problems.push(['pagination.mode', 'mode must be nextUrl or parameter']);
  if (options.mode === 'nextUrl' && options.nextUrl === undefined) problems.push(['pagination.nextUrl', 'nextUrl is required']);
  if ((options.mode ?? 'parameter') === 'parameter' && !options.parameter?.name) problems.push(['pagination.parameter.name', 'a parameter name is required']);
  if (options.completeWhen === 'expression' && options.complete === undefined) problems.push(['pagination.complete', 'complete expression is required']);
  return problems;
}
