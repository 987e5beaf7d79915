import { createServer, type Server } from 'node:http';
import { type AddressInfo, type Socket } from 'node:net';
import { type JsonValue } from '@weft/engine-core';
import { chain, execute } from '../core/harness.js';

/**
 * A local server that counts every byte its connections moved, the reference the
 * engine's `usage.networkBytes` must equal (plain HTTP: both ends see the same stream).
 */
async function countingServer(): Promise<{ server: Server; base: string; bytes: () => number }> {
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://x');
      const json = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (url.pathname === '/token') return json(200, { access_token: 'token-1', token_type: 'bearer' });
      if (url.pathname === '/moved') return response.writeHead(302, { location: '/orders' }).end();
      if (url.pathname === '/pages') {
        const page = Number(url.searchParams.get('page'));
        return json(200, page <= 2 ? [{ page, pad: 'p'.repeat(300) }] : []);
      }
      return json(200, { received: Buffer.concat(chunks).length, orders: Array.from({ length: 20 }, (_v, i) => ({ id: i, name: `order ${i}` })) });
    });
  });
  server.on('connection', (socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const bytes = () => [...sockets].reduce((sum, socket) => sum + socket.bytesRead + socket.bytesWritten, 0);
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bytes };
}

const loopback = ['127.0.0.0/8'];

describe('httpRequest reports the bytes it moved', () => {
  let target: Awaited<ReturnType<typeof countingServer>>;

  beforeEach(async () => {
    target = await countingServer();
  });
  afterEach(async () => {
    target.server.closeAllConnections();
    await new Promise<void>((resolve) => target.server.close(() => resolve()));
  });

  it('adds up two requests (a JSON body, a redirect) exactly as the server counted them', async () => {
    const body: JsonValue = { note: 'n'.repeat(2000) };
    const workflow = chain(
      { id: 'post', type: 'httpRequest', properties: { method: 'POST', url: `${target.base}/orders`, body, bodyType: 'json' } },
      { id: 'get', type: 'httpRequest', properties: { method: 'GET', url: `${target.base}/moved` }, settings: { executeOnce: true } },
    );
    const result = await execute(workflow, { egressAllowList: loopback });
    expect(result.status).toBe('success');
    const post = result.runData['post']![0]!.usage!.networkBytes;
    const get = result.runData['get']![0]!.usage!.networkBytes;
    expect(post).toBeGreaterThan(2000 + 400); // the body sent, the orders received
    expect(get).toBeGreaterThan(400); // the redirect and the orders
    expect(result.usage).toEqual({ networkBytes: target.bytes(), memoryBytes: 0 });
    expect(result.usage.networkBytes).toBe(post + get);
  });

  it('counts the OAuth2 token request and every page of a pagination', async () => {
    const credentials = { resolve: async () => ({ tokenUrl: `${target.base}/token`, clientId: 'client', clientSecret: 'secret' }) };
    const workflow = chain({
      id: 'pages',
      type: 'httpRequest',
      properties: {
        url: `${target.base}/pages`,
        authentication: 'oauth2ClientCredentials',
        pagination: { mode: 'parameter', parameter: { name: 'page', value: '{{ $pageCount + 1 }}' } },
      },
      credentials: { id: 'oauth' },
    });
    const result = await execute(workflow, { egressAllowList: loopback, services: { credentials } });
    expect(result.status).toBe('success');
    expect(result.lastNodeOutput).toHaveLength(2);
    expect(result.usage.networkBytes).toBe(target.bytes());
    expect(result.usage.networkBytes).toBeGreaterThan(2 * 300); // three pages and the token
  });

  it('counts the bytes of a request that fails', async () => {
    const workflow = chain({ id: 'big', type: 'httpRequest', properties: { url: `${target.base}/orders`, maxResponseBytes: 100 } });
    const result = await execute(workflow, { egressAllowList: loopback });
    expect(result.status).toBe('error');
    expect(result.usage.networkBytes).toBeGreaterThan(0);
    expect(result.usage.networkBytes).toBeLessThanOrEqual(target.bytes());
  });
});
