import { type Item, type JsonObject, type JsonValue, NodeOperationError, type NodeExecutionContext, type NodeType } from '@weft/engine-core';
import { EgressAllowList } from './addresses.js';
import { applyAuthentication } from './auth.js';
import { systemResolver, type Resolver } from './guard.js';
import { checkPagination, fetchPages } from './pagination.js';
import { type HttpCall, type HttpResponse, send, type TransportOptions } from './transport.js';

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

const stringRecord = (value: unknown): Record<string, string> =>
  value !== null && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, typeof entry === 'string' ? entry : JSON.stringify(entry)])) : {};

function encodeBody(ctx: NodeExecutionContext, index: number): { body?: Buffer; contentType?: string } {
  const body = ctx.param('body', index);
  if (body === undefined || body === null || body === '') return {};
  const bodyType = ctx.param<string>('bodyType', index) ?? (typeof body === 'string' ? 'raw' : 'json');
  if (bodyType === 'form') return { body: Buffer.from(formEncode(stringRecord(body))), contentType: 'application/x-www-form-urlencoded' };
  if (bodyType === 'raw') return { body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), contentType: ctx.param<string>('contentType', index) ?? 'text/plain' };
  return { body: Buffer.from(JSON.stringify(body)), contentType: 'application/json' };
}

/** `a=1&b=x%20y`: percent-encoded like n8n (and `encodeURIComponent`), spaces as `%20`. */
const formEncode = (fields: Record<string, string>): string =>
  Object.entries(fields).map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');

function decode(response: HttpResponse, format: string, ctx: NodeExecutionContext): { json: JsonValue; binary?: Item['binary'] } {
  const contentType = String(response.headers['content-type'] ?? '');
  const resolved = format === 'autodetect' ? (contentType.includes('json') ? 'json' : contentType.startsWith('text/') || contentType === '' ? 'text' : 'binary') : format;
  if (resolved === 'binary') {
    const fileName = new URL(response.url).pathname.split('/').pop() || 'data';
    return { json: {}, binary: { data: { data: response.body.toString('base64'), mimeType: contentType || 'application/octet-stream', fileName } } };
  }
  const text = response.body.toString('utf8');
  if (resolved === 'text') return { json: text };
  if (text === '') return { json: {} };
  try {
    return { json: JSON.parse(text) as JsonValue };
  } catch {
    throw new NodeOperationError(`${ctx.nodeName}: response is not JSON`, text.slice(0, 200));
  }
}

async function requestItem(ctx: NodeExecutionContext, index: number, transport: TransportOptions): Promise<Item[]> {
  const method = String(ctx.param('method', index) ?? 'GET').toUpperCase();
  const url = new URL(String(ctx.param('url', index)));
  const auth = await applyAuthentication(ctx, ctx.param<string>('authentication', index) ?? 'none', transport);
  for (const [key, value] of Object.entries({ ...stringRecord(ctx.param('query', index)), ...auth.query })) url.searchParams.set(key, value);
  const { body, contentType } = encodeBody(ctx, index);
  const headers = { ...(contentType ? { 'content-type': contentType } : {}), ...lowerKeys(stringRecord(ctx.param('headers', index))), ...auth.headers };
  const call: HttpCall = { method, url, headers, ...(body ? { body } : {}), secretHeaders: Object.keys(auth.headers), secretQuery: Object.keys(auth.query) };
  const pages = ctx.rawParam('pagination') === undefined ? [await send(call, transport)] : await fetchPages(ctx, index, call, transport);
  return pages.flatMap((response) => toItems(ctx, index, response));
}

function toItems(ctx: NodeExecutionContext, index: number, response: HttpResponse): Item[] {
  if (response.statusCode >= 400 && !ctx.param<boolean>('neverError', index)) {
    throw new NodeOperationError(`request failed with status ${response.statusCode}`, response.body.toString('utf8').slice(0, 500));
  }
  const decoded = decode(response, ctx.param<string>('responseFormat', index) ?? 'autodetect', ctx);
  const binary = decoded.binary ? { binary: decoded.binary } : {};
  if (ctx.param<boolean>('fullResponse', index)) {
    return [{ json: { statusCode: response.statusCode, headers: response.headers as JsonObject, body: decoded.json }, ...binary, pairedItem: index }];
  }
  if (Array.isArray(decoded.json)) return decoded.json.map((entry) => ({ json: asObject(entry), pairedItem: index }));
  return [{ json: asObject(decoded.json), ...binary, pairedItem: index }];
}

const lowerKeys = (record: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]));
const asObject = (value: JsonValue): JsonObject => (value !== null && typeof value === 'object' && !Array.isArray(value) ? value : { data: value });

/**
 * HTTP requests under the org's egress policy: addresses are resolved once and checked
 * (loopback, private, link-local, metadata... blocked unless allow-listed), the connection
 * goes to the checked address, and every redirect hop is checked again.
 */
export const httpRequest: NodeType = {
  type: 'httpRequest',
  required: ['url'],
  validate: (properties) => {
    const method = String(properties['method'] ?? 'GET').toUpperCase();
    const problems: [string, string][] = METHODS.has(method) || method.includes('{{') ? [] : [['method', `unsupported method "${method}"`]];
    return [...problems, ...checkPagination(properties['pagination'])];
  },
  execute: async (ctx) => {
    const timeout = Number(ctx.param('timeout') ?? 30_000);
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeout)]);
    const transport: TransportOptions = {
      allowList: new EgressAllowList(ctx.egressAllowList),
      resolver: (ctx.services['dnsResolver'] as Resolver | undefined) ?? systemResolver,
      signal,
      maxResponseBytes: Number(ctx.param('maxResponseBytes') ?? DEFAULT_MAX_BYTES),
      maxRedirects: ctx.param<boolean>('followRedirects') === false ? 0 : Number(ctx.param('maxRedirects') ?? 5),
      rejectUnauthorized: ctx.param<boolean>('ignoreSslIssues') !== true,
    };
    const main: Item[] = [];
    for (let index = 0; index < Math.max(1, ctx.items.length); index += 1) {
      try {
        main.push(...(await requestItem(ctx, index, transport)));
      } catch (error) {
        if (signal.aborted && !ctx.signal.aborted) throw new NodeOperationError(`request timed out after ${timeout} ms`);
        throw error;
      }
    }
    return { main };
  },
};
