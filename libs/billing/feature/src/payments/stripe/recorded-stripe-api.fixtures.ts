import fs from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import path from 'node:path';

// A stand-in for api.stripe.com in tests: a node:http server on 127.0.0.1 that expects
// exactly the requests a test lists, in order, checks each one (method, path, query,
// form-encoded body, Idempotency-Key), and answers with a recorded Stripe response
// (__recorded__/). What it did not expect it answers with a 500 that tells the SDK not
// to retry, and lists in `problems`, so a test fails on any call it did not foresee.

const RECORDED = path.join(import.meta.dirname, '__recorded__');

export interface RecordedExchange {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** The query parameters a GET must carry, exactly. */
  readonly query?: Readonly<Record<string, string>>;
  /** The form-encoded body a POST must carry, exactly (Stripe's bracket notation: `metadata[invoiceId]`). */
  readonly form?: Readonly<Record<string, string>>;
  /** The Idempotency-Key the request must carry; `null`: none. */
  readonly idempotencyKey?: string | null;
  readonly status: number;
  /** A file of __recorded__/. */
  readonly recording: string;
}

/** A request as the server received it. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly form: Record<string, string>;
  readonly idempotencyKey: string | undefined;
  readonly authorization: string | undefined;
  readonly stripeVersion: string | undefined;
  readonly rawBody: string;
}

export const recording = (name: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(RECORDED, name), 'utf8')) as Record<string, unknown>;

export class RecordedStripeApi {
  readonly received: ReceivedRequest[] = [];
  readonly problems: string[] = [];
  private readonly expected: RecordedExchange[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: URL,
  ) {}

  static async start(): Promise<RecordedStripeApi> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const api = new RecordedStripeApi(server, new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void api.answer(request, response));
    return api;
  }

  /** Appends exchanges the server must see next, in this order. */
  expect(...exchanges: RecordedExchange[]): void {
    this.expected.push(...exchanges);
  }

  /** Exchanges still expected (0 when the test made every call it listed). */
  pending(): number {
    return this.expected.length;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const received = await receive(request);
    this.received.push(received);
    const expected = this.expected.shift();
    const mismatch = expected === undefined ? 'nothing more was expected' : mismatchOf(expected, received);
    if (expected === undefined || mismatch !== undefined) {
      this.problems.push(`${received.method} ${received.path}: ${mismatch}`);
      respond(response, 500, { error: { type: 'api_error', message: `recorded server: ${mismatch}` } }, { 'stripe-should-retry': 'false' });
      return;
    }
    respond(response, expected.status, recording(expected.recording), { 'request-id': `req_recorded_${this.received.length}` });
  }
}

async function receive(request: IncomingMessage): Promise<ReceivedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
  return {
    method: request.method ?? '',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    form: Object.fromEntries(new URLSearchParams(rawBody)),
    idempotencyKey: header('idempotency-key'),
    authorization: header('authorization'),
    stripeVersion: header('stripe-version'),
    rawBody,
  };
}

function mismatchOf(expected: RecordedExchange, received: ReceivedRequest): string | undefined {
  if (expected.method !== received.method || expected.path !== received.path)
    return `expected ${expected.method} ${expected.path}, got ${received.method} ${received.path}`;
  if (expected.query !== undefined && !same(expected.query, received.query))
    return `query ${JSON.stringify(received.query)} is not ${JSON.stringify(expected.query)}`;
  if (expected.form !== undefined && !same(expected.form, received.form))
    return `body ${JSON.stringify(received.form)} is not ${JSON.stringify(expected.form)}`;
  if (expected.idempotencyKey !== undefined && (expected.idempotencyKey ?? undefined) !== received.idempotencyKey)
    return `Idempotency-Key ${String(received.idempotencyKey)} is not ${String(expected.idempotencyKey)}`;
  return undefined;
}

const same = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

function respond(response: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
