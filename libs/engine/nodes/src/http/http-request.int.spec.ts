import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type JsonValue, VirtualClock } from '@weft/engine-core';
import { execute, chain, json, jsonOf } from '../core/harness.js';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;
interface Received {
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  /** The body's bytes, for multipart and binary uploads. */
  readonly raw: Buffer;
}

async function listen(handler: Handler): Promise<{ server: Server; base: string; requests: Received[] }> {
  const requests: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      requests.push({ url: request.url ?? '', headers: request.headers, body: raw.toString(), raw });
      handler(request, raw.toString(), response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

/** Parses a received multipart body with the platform's own parser. */
async function formDataOf(request: Received): Promise<Record<string, unknown>> {
  const form = await new Response(request.raw, { headers: { 'content-type': String(request.headers['content-type']) } }).formData();
  const parts: Record<string, unknown> = {};
  for (const [name, value] of form.entries()) {
    parts[name] = typeof value === 'string' ? value : { fileName: value.name, type: value.type, bytes: [...new Uint8Array(await value.arrayBuffer())] };
  }
  return parts;
}

/** A virtual clock whose sleeps take real time, to show they do not eat into the request timeout. */
class SlowClock extends VirtualClock {
  override async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await super.sleep(ms, signal);
  }
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));
const loopback = ['127.0.0.0/8'];

describe('httpRequest against a local server', () => {
  let target: Awaited<ReturnType<typeof listen>>;
  let other: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    other = await listen((_request, _body, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ other: true })));
    target = await listen((request, body, response) => {
      const url = new URL(request.url ?? '/', 'http://x');
      if (url.pathname === '/json')
        return response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ got: body ? JSON.parse(body) : null, q: url.searchParams.get('q') }));
      if (url.pathname === '/echo') return response.writeHead(200, { 'content-type': 'text/plain' }).end(body);
      if (url.pathname === '/text') return response.writeHead(200, { 'content-type': 'text/plain' }).end('plain text');
      if (url.pathname === '/bin') return response.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([1, 2, 3]));
      if (url.pathname === '/big') return response.end('x'.repeat(5000));
      if (url.pathname === '/fail') return response.writeHead(503).end('down');
      if (url.pathname === '/slow') return setTimeout(() => response.end('{}'), 2000);
      if (url.pathname === '/same-origin') return response.writeHead(302, { location: '/json' }).end();
      if (url.pathname === '/cross-origin-307') return response.writeHead(307, { location: `${other.base}/upload` }).end();
      if (url.pathname === '/cross-origin') return response.writeHead(302, { location: `${other.base}/landing?keep=1&api_key=leak` }).end();
      if (url.pathname === '/to-metadata') return response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      if (url.pathname === '/pages') {
        const page = Number(url.searchParams.get('page') ?? 1);
        const body = page <= 3 ? { items: [{ page }], next: page < 3 ? `/pages?page=${page + 1}` : null } : { items: [] };
        return response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page <= 3 ? body : []));
      }
      if (url.pathname === '/until-404' || url.pathname === '/broken') {
        const page = Number(url.searchParams.get('page'));
        if (page <= 2) return response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ page }));
        return response
          .writeHead(url.pathname === '/broken' ? 500 : 404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: 'no more pages' }));
      }
      if (url.pathname === '/stuck' || url.pathname === '/stutter') {
        // Ignores the page parameter (a misconfigured pagination); /stutter moves on at page 4.
        const page = Number(url.searchParams.get('page'));
        const text = url.pathname === '/stutter' && page >= 4 ? JSON.stringify(page === 4 ? { items: ['last'] } : []) : JSON.stringify({ items: ['same'] });
        const etag = url.searchParams.has('etag') ? { etag: '"v1"' } : {};
        const sized = url.searchParams.has('sized') ? { 'content-length': String(Buffer.byteLength(text)) } : {};
        response.writeHead(200, { 'content-type': 'application/json', ...etag, ...sized });
        // Written in a separate chunk so that, unsized, the answer is chunked: no content-length.
        response.write(url.searchParams.has('etag') ? text.replace('same', `sam${page}`) : text);
        return response.end();
      }
      if (url.pathname === '/token') return response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'tok-123' }));
      return response.writeHead(404).end();
    });
  });
  afterAll(async () => {
    await close(target.server);
    await close(other.server);
  });

  const http = (properties: Record<string, unknown>, credentialId?: string) =>
    chain({ id: 'req', type: 'httpRequest', properties: properties as never, ...(credentialId ? { credentials: { id: credentialId } } : {}) });

  it('sends a JSON body and query, parses JSON', async () => {
    const result = await execute(http({ method: 'POST', url: `${target.base}/json`, query: { q: '{{ $json.term }}' }, body: { id: '{{ $json.id }}' } }), {
      items: json({ id: 7, term: 'hi' }),
      egressAllowList: loopback,
    });
    expect(jsonOf(result)).toEqual([{ got: { id: 7 }, q: 'hi' }]);
    expect(target.requests.at(-1)!.headers['content-type']).toBe('application/json');
  });

  it('sends a form body', async () => {
    const result = await execute(http({ method: 'POST', url: `${target.base}/echo`, bodyType: 'form', body: { a: '1', b: 'x y' } }), {
      egressAllowList: loopback,
    });
    expect(target.requests.at(-1)!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    // Percent-encoded as n8n sends it (recorded/http-post-form.json): spaces as %20.
    expect(jsonOf(result)).toEqual([{ data: 'a=1&b=x%20y' }]);
  });

  describe('multipart and binary request bodies (n8n httpRequest v4 multipart-form-data and binaryData)', () => {
    const png = { data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]).toString('base64'), mimeType: 'image/png', fileName: 'logo.png' };
    const withFile = [{ json: { title: 'Logo' }, binary: { data: png, other: { data: Buffer.from('a,b').toString('base64'), mimeType: 'text/csv' } } }];

    it('sends text fields and binary properties as multipart/form-data parts', async () => {
      const properties = {
        method: 'POST',
        url: `${target.base}/echo`,
        bodyType: 'multipart',
        body: { title: '{{ $json.title }}', n: 2 },
        binaryFields: { file: 'data', sheet: 'other' },
      };
      const result = await execute(http(properties), { items: withFile, egressAllowList: loopback });
      expect(result.status).toBe('success');
      const received = target.requests.at(-1)!;
      expect(received.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
      expect(Number(received.headers['content-length'])).toBe(received.raw.length);
      expect(await formDataOf(received)).toEqual({
        title: 'Logo',
        n: '2',
        file: { fileName: 'logo.png', type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0, 255] },
        sheet: { fileName: 'other', type: 'text/csv', bytes: [...Buffer.from('a,b')] },
      });
    });

    it('sends a binary property as the whole body, typed by its MIME type', async () => {
      await execute(http({ method: 'PUT', url: `${target.base}/echo`, bodyType: 'binary', binaryProperty: 'data' }), {
        items: withFile,
        egressAllowList: loopback,
      });
      const received = target.requests.at(-1)!;
      expect(received.headers['content-type']).toBe('image/png');
      expect([...received.raw]).toEqual([0x89, 0x50, 0x4e, 0x47, 0, 255]);
    });

    it('fails the item when the binary property is missing', async () => {
      const result = await execute(http({ method: 'POST', url: `${target.base}/echo`, bodyType: 'binary', binaryProperty: 'nope' }), {
        items: withFile,
        egressAllowList: loopback,
      });
      expect(result.error?.message).toBe('item 0 has no binary property "nope"');
    });

    it('keeps the egress guard and drops credentials but keeps the body on a cross-origin 307', async () => {
      const blocked = await execute(http({ method: 'POST', url: `${target.base}/echo`, bodyType: 'binary' }), { items: withFile });
      expect(blocked.error).toMatchObject({ name: 'EgressBlockedError' });
      const credentials = { resolve: async (): Promise<Record<string, JsonValue>> => ({ token: 's3cret' }) };
      const properties = {
        method: 'POST',
        url: `${target.base}/cross-origin-307`,
        authentication: 'bearer',
        bodyType: 'multipart',
        binaryFields: { file: 'data' },
      };
      const result = await execute(http(properties, 'bearer'), { items: withFile, egressAllowList: loopback, services: { credentials } });
      expect(result.status).toBe('success');
      expect(target.requests.at(-1)!.headers.authorization).toBe('Bearer s3cret');
      const landed = other.requests.at(-1)!;
      expect(landed.url).toBe('/upload');
      expect(landed.headers.authorization).toBeUndefined();
      expect(await formDataOf(landed)).toMatchObject({ file: { fileName: 'logo.png', type: 'image/png' } });
    });
  });

  it('returns text, binary and the full response', async () => {
    expect(jsonOf(await execute(http({ url: `${target.base}/text`, responseFormat: 'text' }), { egressAllowList: loopback }))).toEqual([
      { data: 'plain text' },
    ]);
    const binary = await execute(http({ url: `${target.base}/bin`, responseFormat: 'binary' }), { egressAllowList: loopback });
    expect(binary.lastNodeOutput[0]!.binary).toEqual({ data: { data: 'AQID', mimeType: 'image/png', fileName: 'bin' } });
    const full = await execute(http({ url: `${target.base}/text`, responseFormat: 'text', fullResponse: true }), { egressAllowList: loopback });
    expect(jsonOf(full)[0]).toMatchObject({ statusCode: 200, body: 'plain text', headers: { 'content-type': 'text/plain' } });
  });

  it('fails on error statuses, on oversize responses and at its timeout', async () => {
    expect((await execute(http({ url: `${target.base}/fail` }), { egressAllowList: loopback })).error?.message).toMatch(/status 503/);
    expect((await execute(http({ url: `${target.base}/big`, maxResponseBytes: 1000 }), { egressAllowList: loopback })).error?.message).toMatch(
      /larger than 1000/,
    );
    expect((await execute(http({ url: `${target.base}/slow`, timeout: 100 }), { egressAllowList: loopback })).error?.message).toMatch(/timed out/);
  });

  it('blocks loopback without an allow-list entry', async () => {
    const result = await execute(http({ url: `${target.base}/json` }));
    expect(result.error).toMatchObject({ name: 'EgressBlockedError' });
    expect(result.error?.message).toMatch(/blocked by the egress policy/);
  });

  it('resolves a host name once, checks the answer and connects to it', async () => {
    const port = new URL(target.base).port;
    const lookups: string[] = [];
    const dnsResolver = async (hostname: string) => {
      lookups.push(hostname);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const url = `http://orders.internal.test:${port}/json`;
    const blocked = await execute(http({ url }), { services: { dnsResolver } });
    expect(blocked.error?.message).toMatch(/orders\.internal\.test \(127\.0\.0\.1\) is blocked/);
    const allowed = await execute(http({ url }), { services: { dnsResolver }, egressAllowList: ['*.internal.test'] });
    expect(allowed.status).toBe('success');
    expect(target.requests.at(-1)!.headers.host).toBe(`orders.internal.test:${port}`);
    expect(lookups).toEqual(['orders.internal.test', 'orders.internal.test']);
  });

  it('re-checks redirect hops', async () => {
    const result = await execute(http({ url: `${target.base}/to-metadata` }), { egressAllowList: loopback });
    expect(result.error?.message).toMatch(/169\.254\.169\.254.*blocked/);
  });

  it('injects credentials and drops them on a cross-origin redirect', async () => {
    const credentials = {
      resolve: async (id: string): Promise<Record<string, JsonValue>> =>
        id === 'bearer'
          ? { token: 's3cret' }
          : id === 'query'
            ? { name: 'api_key', value: 'k-1' }
            : id === 'basic'
              ? { user: 'u', password: 'p' }
              : { name: 'X-Api-Key', value: 'hk' },
    };
    await execute(http({ url: `${target.base}/same-origin`, authentication: 'bearer' }, 'bearer'), { egressAllowList: loopback, services: { credentials } });
    expect(target.requests.at(-1)).toMatchObject({ url: '/json', headers: { authorization: 'Bearer s3cret' } });
    await execute(http({ url: `${target.base}/json`, authentication: 'basic' }, 'basic'), { egressAllowList: loopback, services: { credentials } });
    expect(target.requests.at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    await execute(http({ url: `${target.base}/json`, authentication: 'header' }, 'header'), { egressAllowList: loopback, services: { credentials } });
    expect(target.requests.at(-1)!.headers['x-api-key']).toBe('hk');

    const before = other.requests.length;
    const result = await execute(http({ url: `${target.base}/cross-origin`, authentication: 'queryAuth', headers: { 'x-trace': 't' } }, 'query'), {
      egressAllowList: loopback,
      services: { credentials },
    });
    expect(jsonOf(result)).toEqual([{ other: true }]);
    expect(target.requests.at(-1)!.url).toBe('/cross-origin?api_key=k-1');
    const landed = other.requests[before]!;
    expect(landed.url).toBe('/landing?keep=1');
    expect(landed.headers['x-trace']).toBe('t');
    const bearer = await execute(http({ url: `${target.base}/cross-origin`, authentication: 'bearer' }, 'bearer'), {
      egressAllowList: loopback,
      services: { credentials },
    });
    expect(bearer.status).toBe('success');
    expect(other.requests.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('fetches an OAuth2 client-credentials token', async () => {
    const credentials = {
      resolve: async (): Promise<Record<string, JsonValue>> => ({ tokenUrl: `${target.base}/token`, clientId: 'id', clientSecret: 'secret' }),
    };
    await execute(http({ url: `${target.base}/json`, authentication: 'oauth2ClientCredentials' }, 'oauth'), {
      egressAllowList: loopback,
      services: { credentials },
    });
    const [tokenRequest, apiRequest] = target.requests.slice(-2);
    expect(tokenRequest!.body).toBe('grant_type=client_credentials');
    expect(tokenRequest!.headers.authorization).toBe(`Basic ${Buffer.from('id:secret').toString('base64')}`);
    expect(apiRequest!.headers.authorization).toBe('Bearer tok-123');
  });

  it('paginates by a page parameter until the response is empty', async () => {
    const result = await execute(
      http({ url: `${target.base}/pages`, pagination: { mode: 'parameter', parameter: { name: 'page', value: '{{ $pageCount + 1 }}' } } }),
      { egressAllowList: loopback },
    );
    expect(jsonOf(result).map((page) => (page as { items: unknown[] }).items)).toEqual([[{ page: 1 }], [{ page: 2 }], [{ page: 3 }]]);
  });

  it('paginates by the next URL until an expression says done, each hop under the guard', async () => {
    const pagination = { mode: 'nextUrl', nextUrl: '{{ $response.body.next }}', completeWhen: 'expression', complete: '{{ !$response.body.next }}' };
    const result = await execute(http({ url: `${target.base}/pages`, pagination }), { egressAllowList: loopback });
    expect(jsonOf(result)).toHaveLength(3);
    const capped = await execute(http({ url: `${target.base}/pages`, pagination: { ...pagination, maxPages: 2 } }), { egressAllowList: loopback });
    expect(jsonOf(capped)).toHaveLength(2);
  });

  describe('a pagination that ends on a listed error status (n8n 1.123, recorded/merge-and-http-pagination.json)', () => {
    const pagination = { mode: 'parameter', parameter: { name: 'page', value: '{{ $pageCount + 1 }}' }, completeWhen: 'statusCodes', statusCodes: [404] };
    const paginated = (path: string, settings: Record<string, unknown> = {}) =>
      chain({ id: 'req', type: 'httpRequest', properties: { url: `${target.base}${path}`, pagination } as never, settings });

    it('sends the page parameter from the first request on and keeps the last page', async () => {
      const before = target.requests.length;
      const result = await execute(paginated('/until-404'), { egressAllowList: loopback });
      expect(target.requests.slice(before).map((request) => request.url)).toEqual(['/until-404?page=1', '/until-404?page=2', '/until-404?page=3']);
      expect(jsonOf(result)).toEqual([{ page: 1 }, { page: 2 }, { error: 'no more pages' }]);
    });

    it('with continueErrorOutput, sends the error page to the error output over its input item', async () => {
      const result = await execute(paginated('/until-404', { onError: 'continueErrorOutput' }), { items: json({ order: 7 }), egressAllowList: loopback });
      const outputs = result.runData['req']![0]!.outputs;
      expect(outputs['main']!.map((item) => item.json)).toEqual([{ page: 1 }, { page: 2 }]);
      expect(outputs['error']!.map((item) => item.json)).toEqual([{ order: 7, error: 'no more pages' }]);
    });

    it('fails on an error status that does not end the series, without fetching more', async () => {
      const before = target.requests.length;
      const result = await execute(paginated('/broken'), { egressAllowList: loopback });
      expect(result.error?.message).toMatch(/status 500/);
      expect(target.requests.length - before).toBe(3);
    });
  });

  describe("n8n's guard against a pagination whose responses repeat", () => {
    const pagination = { mode: 'parameter', parameter: { name: 'page', value: '{{ $pageCount + 1 }}' } };
    const run = async (path: string, extra: Record<string, unknown> = {}) => {
      const before = target.requests.length;
      const result = await execute(http({ url: `${target.base}${path}`, pagination: { ...pagination, ...extra } }), { egressAllowList: loopback });
      return { result, requests: target.requests.length - before };
    };
    const message = 'The returned response was identical 5x, so requests got stopped';

    it('stops at the fourth identical page when the response has no content-length', async () => {
      const { result, requests } = await run('/stuck');
      expect(result.status).toBe('error');
      expect(result.error?.message).toBe(message);
      expect(result.runData['req']![0]!.error?.description).toMatch(/Pagination Completed When/);
      expect(requests).toBe(4);
    });

    it('stops at the fifth when it has one (the length is compared a page before the body)', async () => {
      const { result, requests } = await run('/stuck?sized=1');
      expect(result.error?.message).toBe(message);
      expect(requests).toBe(5);
    });

    it('compares the etag instead of the body when there is one', async () => {
      const { result, requests } = await run('/stuck?sized=1&etag=1');
      expect(result.error?.message).toBe(message);
      expect(requests).toBe(5);
    });

    it('lets two repeats in a row pass, and a series capped by maxPages before the third', async () => {
      const stutter = await run('/stutter');
      expect(stutter.result.status).toBe('success');
      expect(jsonOf(stutter.result)).toEqual([{ items: ['same'] }, { items: ['same'] }, { items: ['same'] }, { items: ['last'] }]);
      const capped = await run('/stuck', { maxPages: 3 });
      expect(capped.result.status).toBe('success');
      expect(capped.requests).toBe(3);
    });
  });

  it('waits requestInterval between page requests on the run clock', async () => {
    const clock = new VirtualClock(0);
    const started = Date.now();
    const pagination = { mode: 'parameter', parameter: { name: 'page', value: '{{ $pageCount + 1 }}' }, requestInterval: 5000 };
    const result = await execute(http({ url: `${target.base}/pages`, pagination }), { egressAllowList: loopback, clock });
    expect(jsonOf(result)).toHaveLength(3);
    // Four requests (the fourth is the empty end): three pauses, none after the last page.
    expect(clock.sleeps).toEqual([5000, 5000, 5000]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('applies the timeout per request, not to the whole series', async () => {
    const pagination = { mode: 'parameter', parameter: { name: 'page', value: '{{ $pageCount + 1 }}' }, requestInterval: 200 };
    const result = await execute(http({ url: `${target.base}/pages`, timeout: 500, pagination }), { egressAllowList: loopback, clock: new SlowClock() });
    expect(result.status).toBe('success');
  });

  it('retries through the node settings', async () => {
    const before = target.requests.length;
    const definition = chain({
      id: 'req',
      type: 'httpRequest',
      properties: { url: `${target.base}/fail` },
      settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 10 },
    });
    const result = await execute(definition, { egressAllowList: loopback });
    expect(result.status).toBe('error');
    expect(target.requests.length - before).toBe(3);
    expect(result.runData['req']![0]!.status).toBe('error');
  });
});
