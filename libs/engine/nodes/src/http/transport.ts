import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type Socket } from 'node:net';
import { NodeOperationError } from '@weft/engine-core';
import { type EgressAllowList } from './addresses.js';
import { pinnedLookup, resolveChecked, type Resolver } from './guard.js';

export interface HttpCall {
  readonly method: string;
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
  /** Headers and query parameters that carry credentials: dropped on a cross-origin redirect. */
  readonly secretHeaders: readonly string[];
  readonly secretQuery: readonly string[];
}

export interface TransportOptions {
  readonly allowList: EgressAllowList;
  readonly resolver: Resolver;
  /** Cancels the request (the run's signal). */
  readonly signal: AbortSignal;
  /** Per request, redirects included; as n8n's `timeout`, so pauses between pages do not count. */
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly maxRedirects: number;
  readonly rejectUnauthorized: boolean;
  /** Bytes each request moved on its connection, sent + received (the node's `ctx.usage.network`). */
  readonly onBytes: (bytes: number) => void;
}

export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly url: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Sends a request with the SSRF guard on every hop, following redirects. */
export async function send(call: HttpCall, options: TransportOptions): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout]);
  try {
    return await follow(call, options, signal);
  } catch (error) {
    if (timeout.aborted && !options.signal.aborted) throw new NodeOperationError(`request timed out after ${options.timeoutMs} ms`);
    throw error;
  }
}

async function follow(call: HttpCall, options: TransportOptions, signal: AbortSignal): Promise<HttpResponse> {
  let current = call;
  for (let hop = 0; ; hop += 1) {
    const response = await sendOnce(current, options, signal);
    const location = response.headers.location;
    if (!REDIRECTS.has(response.statusCode) || !location || options.maxRedirects === 0) return response;
    if (hop >= options.maxRedirects) throw new NodeOperationError(`more than ${options.maxRedirects} redirects`);
    current = redirected(current, new URL(location, current.url), response.statusCode);
  }
}

function redirected(call: HttpCall, target: URL, status: number): HttpCall {
  const sameOrigin = target.origin === call.url.origin;
  const headers = { ...call.headers };
  if (!sameOrigin) {
    for (const name of Object.keys(headers)) {
      if (call.secretHeaders.includes(name.toLowerCase()) || name.toLowerCase() === 'cookie') delete headers[name];
    }
    for (const name of call.secretQuery) target.searchParams.delete(name);
  }
  const keepBody = status === 307 || status === 308;
  if (!keepBody) delete headers['content-type'];
  return { ...call, url: target, headers, method: keepBody ? call.method : call.method === 'HEAD' ? 'HEAD' : 'GET', ...(keepBody ? {} : { body: undefined }) };
}

async function sendOnce(call: HttpCall, options: TransportOptions, signal: AbortSignal): Promise<HttpResponse> {
  const { address, family } = await resolveChecked(call.url, options.allowList, options.resolver);
  const requester = call.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return await new Promise<HttpResponse>((resolve, reject) => {
    const request = requester(call.url, {
      method: call.method,
      headers: { ...call.headers, ...(call.body ? { 'content-length': String(call.body.length) } : {}) },
      lookup: pinnedLookup(address, family),
      signal,
      rejectUnauthorized: options.rejectUnauthorized,
    });
    const meter = new SocketMeter(options.onBytes);
    request.on('socket', (socket) => meter.attach(socket));
    const fail = (error: unknown): void => {
      meter.settle();
      reject(error);
    };
    request.on('error', fail);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      response.on('error', fail);
      response.on('data', (chunk: Buffer) => {
        if (tooLarge) return;
        size += chunk.length;
        if (size > options.maxResponseBytes) {
          tooLarge = true;
          fail(new NodeOperationError(`response larger than ${options.maxResponseBytes} bytes`));
          response.destroy();
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => {
        meter.settle();
        resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), url: call.url.toString() });
      });
    });
    request.end(call.body);
  });
}

/**
 * Bytes one request moved: the difference of its socket's counters between the moment
 * the request got the socket and its end. A kept-alive socket serves one request at a
 * time and goes back to the agent only after the response's `end` listeners ran, so the
 * difference is this request's (head, body, response head, body, chunk framing). For
 * HTTPS the counters are of the decrypted stream: handshake and TLS records are not in.
 */
class SocketMeter {
  private socket: Socket | undefined;
  private read = 0;
  private written = 0;

  constructor(private readonly report: (bytes: number) => void) {}

  attach(socket: Socket): void {
    this.socket = socket;
    this.read = socket.bytesRead;
    this.written = socket.bytesWritten;
  }

  settle(): void {
    const socket = this.socket;
    if (!socket) return;
    this.socket = undefined;
    this.report(socket.bytesRead - this.read + (socket.bytesWritten - this.written));
  }
}
