import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ApiClient, type StartedPlatform, type TestDatabase, type TestUser, createTestDatabase, registerUser, startPlatform, waitUntil } from '@weft/testing';

// An execution's log over HTTP against a started platform: a Code node's console lines
// with their levels beside the node runs' own lines, `?level=` from a level up (an
// unknown level is a 400 naming the valid ones), a failed node's retries and its tries'
// output, and nothing of the credential the run used.

interface LogEntry {
  seq: number;
  line: number;
  kind: string;
  nodeId: string | null;
  level: string | null;
  message: string | null;
}
interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

let platform: StartedPlatform;
let database: TestDatabase;
let api: ApiClient;
let owner: TestUser;
let orgId: string;
let upstream: Server;
let upstreamUrl: string;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-execution-logs-e2e-'));
const as = () => ({ token: owner.token });
const chainOf = (...ids: string[]) => ids.slice(1).map((id, i) => ({ source: ids[i], target: id }));

/** Runs a new workflow and waits for it to end as `status`; answers its execution id. */
async function run(name: string, nodes: unknown[], status = 'success'): Promise<string> {
  const ids = nodes.map((node) => (node as { id: string }).id);
  const created = await api.post<{ id: string }>(`/api/v1/orgs/${orgId}/workflows`, { name, nodes, connections: chainOf(...ids) }, as());
  expect(created.status).toBe(201);
  const done = await api.post<{ executionId: string; status: string }>(`/api/v1/orgs/${orgId}/workflows/${created.body.id}/run`, { wait: true }, as());
  expect(done.body.status).toBe(status);
  return done.body.executionId;
}

/** The execution's log through the API, once the read model shows `expected` entries. */
async function logs(executionId: string, query: string, expected: number): Promise<LogEntry[]> {
  return waitUntil(
    async () => {
      const page = await api.get<Page<LogEntry>>(`/api/v1/orgs/${orgId}/executions/${executionId}/logs?${query}`, as());
      return page.status === 200 && page.body.data.length === expected ? page.body.data : undefined;
    },
    { timeoutMs: 15_000, description: `${expected} log entries for ${query}` },
  );
}

const lineOf = (entry: LogEntry) => [entry.kind, entry.nodeId, entry.level, entry.message];

beforeAll(async () => {
  upstream = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  database = await createTestDatabase();
  platform = await startPlatform({ env: { DATABASE_URL: database.url, WEFT_DATA_DIR: dataDir, EGRESS_ALLOW_LIST: '127.0.0.1/32' } });
  api = new ApiClient(platform.baseUrl);
  owner = await registerUser(api, 'Log Reader');
  orgId = (await api.post<{ id: string }>('/api/v1/orgs', { name: 'Logs Org' }, as())).body.id;
}, 90_000);

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
  upstream?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('execution logs', () => {
  it("shows a Code node's console lines with their levels among the node runs, from a level up with ?level=, and no credential", async () => {
    const token = `bearer-${Date.now()}-never-in-a-log`;
    const credential = await api.post<{ id: string }>(`/api/v1/orgs/${orgId}/credentials`, { name: 'Upstream', type: 'httpBearerAuth', data: { token } }, as());
    const code = 'console.log("hello", { n: items.length }); console.error("row 7 has no email"); console.debug("detail"); return items;';
    const executionId = await run('Console', [
      { id: 'start', type: 'manualTrigger' },
      { id: 'greet', type: 'code', properties: { code } },
      {
        id: 'call',
        type: 'httpRequest',
        properties: { method: 'GET', url: `${upstreamUrl}/orders`, authentication: 'bearer' },
        credentials: { id: credential.body.id },
      },
    ]);
    const errors = await logs(executionId, 'level=error', 1);
    expect(errors.map(lineOf)).toEqual([['log', 'greet', 'error', 'row 7 has no email']]);
    const all = await logs(executionId, '', 6);
    expect(all.map(lineOf)).toEqual([
      ['node', 'start', 'info', expect.stringMatching(/^Node "start" finished in \d+ ms: 1 item in, 1 out$/)],
      ['node', 'greet', 'info', expect.stringMatching(/^Node "greet" finished in \d+ ms: 1 item in, 1 out$/)],
      ['log', 'greet', 'info', 'hello {"n":1}'],
      ['log', 'greet', 'error', 'row 7 has no email'],
      ['log', 'greet', 'debug', 'detail'],
      ['node', 'call', 'info', expect.stringMatching(/^Node "call" finished in \d+ ms: 1 item in, 1 out$/)],
    ]);
    expect((await logs(executionId, 'level=info', 5)).map((entry) => entry.level)).toEqual(['info', 'info', 'info', 'error', 'info']);
    const firstTwo = await api.get<Page<LogEntry>>(`/api/v1/orgs/${orgId}/executions/${executionId}/logs?level=debug&limit=2`, as());
    const rest = await api.get<Page<LogEntry>>(`/api/v1/orgs/${orgId}/executions/${executionId}/logs?level=debug&cursor=${firstTwo.body.nextCursor}`, as());
    expect([...firstTwo.body.data, ...rest.body.data].map(lineOf)).toEqual(all.map(lineOf));
    expect(api.texts.join('\n')).not.toContain(token);
  });

  it("shows a failed node's tries and each try's console output at error level", async () => {
    const code = 'console.error("attempt", $input.all().length); throw new Error("no upstream");';
    const executionId = await run(
      'Broken',
      [
        { id: 'start', type: 'manualTrigger' },
        { id: 'broken', type: 'code', properties: { code }, settings: { retryOnFail: true, maxTries: 2 } },
      ],
      'error',
    );
    expect((await logs(executionId, 'level=error', 3)).map(lineOf)).toEqual([
      ['node', 'broken', 'error', expect.stringMatching(/^Node "broken" failed after \d+ ms and 2 tries: no upstream$/)],
      ['log', 'broken', 'error', 'attempt 1'],
      ['log', 'broken', 'error', 'attempt 1'],
    ]);
  });

  it('answers an unknown level with a 400 problem naming the valid ones, and an unknown execution with a 404', async () => {
    const executionId = await run('Quiet', [{ id: 'start', type: 'manualTrigger' }]);
    const bogus = await api.get<{ errors: { field: string; message: string }[] }>(`/api/v1/orgs/${orgId}/executions/${executionId}/logs?level=verbose`, as());
    expect(bogus.status).toBe(400);
    expect(bogus.headers.get('content-type')).toContain('application/problem+json');
    expect(bogus.body.errors).toEqual([{ field: 'level', message: expect.stringContaining('debug, info, warn, error') }]);
    const unknown = await api.get(`/api/v1/orgs/${orgId}/executions/00000000-0000-4000-8000-000000000000/logs?level=error`, as());
    expect(unknown.status).toBe(404);
  });
});
