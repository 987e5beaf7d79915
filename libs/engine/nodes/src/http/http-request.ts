import {
  DataTooDeepError,
  type Item,
  type JsonObject,
  type JsonValue,
  NodeOperationError,
  type NodeExecutionContext,
  type NodeType,
  parseJsonData,
} from '@weft/engine-core';
import { EgressAllowList } from './addresses.js';
import { applyAuthentication } from './auth.js';
import { encodeBody, stringRecord } from './body.js';
import { systemResolver, type Resolver } from './guard.js';
import { checkPagination, fetchPages } from './pagination.js';
import { type HttpCall, type HttpResponse, send, type TransportOptions } from './transport.js';

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const BODY_TYPES = new Set(['json', 'form', 'raw', 'multipart', 'binary']);

function decode(response: HttpResponse, format: string, ctx: NodeExecutionContext): { json: JsonValue; binary?: Item['binary'] } {
  const contentType = String(response.headers['content-type'] ?? '');
  const resolved =
    format === 'autodetect' ? (contentType.includes('json') ? 'json' : contentType.startsWith('text/') || contentType === '' ? 'text' : 'binary') : format;
  if (resolved === 'binary') {
    const fileName = new URL(response.url).pathname.split('/').pop() || 'data';
    return { json: {}, binary: { data: { data: response.body.toString('base64'), mimeType: contentType || 'application/octet-stream', fileName } } };
  }
  const text = response.body.toString('utf8');
  if (resolved === 'text') return { json: text };
  if (text === '') return { json: {} };
  try {
    return { json: parseJsonData(text, `${ctx.nodeName}: the response of ${new URL(response.url).host}`) };
  } catch (error) {
    if (error instanceof DataTooDeepError) throw error;
    throw new NodeOperationError(`${ctx.nodeName}: response is not JSON`, text.slice(0, 200));
  }
}

async function requestItem(ctx: NodeExecutionContext, index: number, transport: TransportOptions): Promise<Item[]> {
  const method = String(ctx.param('method', index) ?? 'GET').toUpperCase();
  const url = new URL(String(ctx.param('url', index)));
  const auth = await applyAuthentication(ctx, ctx.param<string>('authentication', index) ?? 'none', transport);
  for (const [key, value] of Object.entries({ ...stringRecord(ctx.param('query', index)), ...auth.query })) url.searchParams.set(key, value);
  const { body, contentType } = await encodeBody(ctx, index);
  const headers = { ...(contentType ? { 'content-type': contentType } : {}), ...lowerKeys(stringRecord(ctx.param('headers', index))), ...auth.headers };
  const call: HttpCall = { method, url, headers, ...(body ? { body } : {}), secretHeaders: Object.keys(auth.headers), secretQuery: Object.keys(auth.query) };
  if (ctx.rawParam('pagination') === undefined) return toItems(ctx, index, await send(call, transport), true);
  // fetchPages has already refused the error pages that do not end the series.
  return (await fetchPages(ctx, index, call, transport)).flatMap((response) => toItems(ctx, index, response, false));
}

function toItems(ctx: NodeExecutionContext, index: number, response: HttpResponse, checkStatus: boolean): Item[] {
  if (checkStatus && response.statusCode >= 400 && !ctx.param<boolean>('neverError', index)) {
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

const lowerKeys = (record: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]));
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
    const bodyType = properties['bodyType'];
    if (typeof bodyType === 'string' && !BODY_TYPES.has(bodyType) && !bodyType.includes('{{'))
      problems.push(['bodyType', `unsupported body type "${bodyType}"`]);
    return [...problems, ...checkPagination(properties['pagination'])];
  },
  execute: async (ctx) => {
    const transport: TransportOptions = {
      allowList: new EgressAllowList(ctx.egressAllowList),
      resolver: (ctx.services['dnsResolver'] as Resolver | undefined) ?? systemResolver,
      signal: ctx.signal,
      timeoutMs: Number(ctx.param('timeout') ?? 30_000),
      maxResponseBytes: Number(ctx.param('maxResponseBytes') ?? DEFAULT_MAX_BYTES),
      maxRedirects: ctx.param<boolean>('followRedirects') === false ? 0 : Number(ctx.param('maxRedirects') ?? 5),
      rejectUnauthorized: ctx.param<boolean>('ignoreSslIssues') !== true,
      onBytes: (bytes) => ctx.usage.network(bytes),
    };
    const main: Item[] = [];
    for (let index = 0; index < Math.max(1, ctx.items.length); index += 1) main.push(...(await requestItem(ctx, index, transport)));
    return { main };
  },
};
