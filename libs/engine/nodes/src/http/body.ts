import { type BinaryData, NodeOperationError, type NodeExecutionContext } from '@weft/engine-core';

/** A request body ready for the transport: bytes and their content type. */
export interface EncodedBody {
  readonly body?: Buffer;
  readonly contentType?: string;
}

/** Headers, query parameters and form fields given as objects; non-string values JSON-encoded. */
export const stringRecord = (value: unknown): Record<string, string> =>
  value !== null && typeof value === 'object'
    ? Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, typeof entry === 'string' ? entry : JSON.stringify(entry)]))
    : {};

/** `a=1&b=x%20y`: percent-encoded like n8n (and `encodeURIComponent`), spaces as `%20`. */
const formEncode = (fields: Record<string, string>): string =>
  Object.entries(fields)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');

function binaryOf(ctx: NodeExecutionContext, index: number, property: string): BinaryData {
  const binary = ctx.items[index]?.binary?.[property];
  if (!binary) throw new NodeOperationError(`item ${index} has no binary property "${property}"`);
  return binary;
}

/**
 * `multipart/form-data` through undici's FormData, encoded by `Response` so the boundary
 * and escaping are the platform's; buffered, as binary items are in memory already.
 */
async function multipart(ctx: NodeExecutionContext, index: number, fields: unknown): Promise<EncodedBody> {
  const form = new FormData();
  for (const [name, value] of Object.entries(stringRecord(fields))) form.append(name, value);
  for (const [name, property] of Object.entries(stringRecord(ctx.param('binaryFields', index)))) {
    const binary = binaryOf(ctx, index, property);
    form.append(name, new Blob([Buffer.from(binary.data, 'base64')], { type: binary.mimeType }), binary.fileName ?? property);
  }
  const encoded = new Response(form);
  return { body: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type') ?? 'multipart/form-data' };
}

/** The item's binary property as the whole body, typed with its MIME type (n8n's "n8n Binary File"). */
function binaryBody(ctx: NodeExecutionContext, index: number): EncodedBody {
  const binary = binaryOf(ctx, index, ctx.param<string>('binaryProperty', index) ?? 'data');
  return { body: Buffer.from(binary.data, 'base64'), contentType: binary.mimeType || 'application/octet-stream' };
}

/** Encodes the `body` property for item `index` by `bodyType` (json, form, raw, multipart, binary). */
export async function encodeBody(ctx: NodeExecutionContext, index: number): Promise<EncodedBody> {
  const bodyType = ctx.param<string>('bodyType', index);
  if (bodyType === 'binary') return binaryBody(ctx, index);
  const body = ctx.param('body', index);
  if (bodyType === 'multipart') return await multipart(ctx, index, body ?? {});
  if (body === undefined || body === null || body === '') return {};
  const kind = bodyType ?? (typeof body === 'string' ? 'raw' : 'json');
  if (kind === 'form') return { body: Buffer.from(formEncode(stringRecord(body))), contentType: 'application/x-www-form-urlencoded' };
  if (kind === 'raw')
    return { body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), contentType: ctx.param<string>('contentType', index) ?? 'text/plain' };
  return { body: Buffer.from(JSON.stringify(body)), contentType: 'application/json' };
}
