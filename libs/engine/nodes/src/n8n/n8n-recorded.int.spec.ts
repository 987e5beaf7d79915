import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import path from 'node:path';
import { type JsonValue, type WebhookResponse } from '@weft/engine-core';
import { CodeSandboxPool } from '../code/sandbox-pool.js';
import { execute, registry } from '../core/harness.js';
import { authenticateWebhook } from '../core/webhook-auth.js';
import { webhookAuthFailure, webhookResponse } from '../core/webhook-response.js';
import { importN8nWorkflow } from './import.js';
import { type N8nWorkflow } from './model.js';

/**
 * Weft against what n8n 1.123.81 answered (recorded/*.json, written by
 * tools/n8n/record-fixtures.mjs): each recorded workflow is imported, run with the
 * recorded request as the webhook's item, and must answer with n8n's status, body and
 * custom headers; HTTP Request nodes must send the upstream what n8n sent.
 */
interface Exchange {
  readonly request: { method: string; url: string; headers: Record<string, string>; body: JsonValue };
  readonly response: { status: number; body: JsonValue };
}

interface Recording {
  readonly n8nVersion: string;
  readonly recordedAt: string;
  readonly workflow: N8nWorkflow;
  readonly credentials?: { id: string; data: Record<string, JsonValue> }[];
  readonly request: { method: string; path: string; headers: Record<string, string>; body: JsonValue };
  readonly response: { status: number; headers: Record<string, string>; body: JsonValue };
  readonly upstream?: Exchange[];
}

/** Recorded cases Weft does not match yet (docs/engine.md "Not done yet"); everything else is in the table. */
const NOT_YET: Record<string, string> = {};

const RECORDED_UPSTREAM = 'http://127.0.0.1:5680';
const UPSTREAM_HEADERS = ['content-type', 'x-api-key', 'x-trace'];
const dir = path.join(import.meta.dirname, 'recorded');
const recordings = readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => [file.replace(/\.json$/, ''), JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Recording] as const);
const table = recordings.filter(([name]) => !(name in NOT_YET));

const parseBody = (text: string): JsonValue => {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
};

/** Replays the recorded upstream answers and remembers what Weft sent. */
async function upstream(exchanges: readonly Exchange[]): Promise<{ server: Server; base: string; sent: Exchange['request'][] }> {
  const sent: Exchange['request'][] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const headers = Object.fromEntries(
        UPSTREAM_HEADERS.filter((name) => request.headers[name] !== undefined).map((name) => [name, String(request.headers[name])]),
      );
      sent.push({ method: request.method ?? '', url: request.url ?? '', headers, body: body === '' ? null : parseBody(body) });
      const match = exchanges.find((exchange) => exchange.request.method === request.method && exchange.request.url === request.url);
      response
        .writeHead(match?.response.status ?? 599, { 'content-type': 'application/json' })
        .end(JSON.stringify(match?.response.body ?? { error: 'not recorded' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sent };
}

/** What the client saw: JSON bodies as values, others as text. */
function asReceived(response: WebhookResponse, recorded: Recording['response']): { status: number; body: JsonValue } {
  const json = (recorded.headers['content-type'] ?? '').includes('application/json');
  if (response.body === undefined) return { status: response.statusCode, body: '' };
  const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
  return { status: response.statusCode, body: json ? (JSON.parse(JSON.stringify(response.body)) as JsonValue) : text };
}

async function answer(recording: Recording, base: string, codeSandbox: CodeSandboxPool): Promise<WebhookResponse | undefined> {
  const { workflow, problems } = importN8nWorkflow(JSON.parse(JSON.stringify(recording.workflow).replaceAll(RECORDED_UPSTREAM, base)) as N8nWorkflow);
  expect(problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  const trigger = workflow.nodes.find((node) => node.type === 'webhookTrigger')!;
  const credentialData = (id: string): Record<string, JsonValue> => recording.credentials?.find((credential) => credential.id === id)?.data ?? {};
  const headers = Object.fromEntries(Object.entries(recording.request.headers).map(([name, value]) => [name.toLowerCase(), value]));
  if (!authenticateWebhook(trigger.properties ?? {}, headers, trigger.credentials ? credentialData(trigger.credentials.id) : undefined)) {
    return webhookAuthFailure(trigger.properties ?? {}, headers);
  }
  const url = new URL(recording.request.path, 'http://n8n.local');
  const input = { headers, params: {}, query: Object.fromEntries(url.searchParams), body: recording.request.body ?? {} };
  const result = await execute(workflow, {
    items: [{ json: input }],
    now: Date.parse(recording.recordedAt),
    egressAllowList: ['127.0.0.0/8'],
    services: { codeSandbox, credentials: { resolve: async (id: string) => credentialData(id) } },
  });
  return webhookResponse(workflow, registry, trigger.id, result);
}

describe('Weft answers like the recorded n8n', () => {
  const codeSandbox = new CodeSandboxPool({ timeoutMs: 2000, memoryMb: 64, poolSize: 1 });
  afterAll(() => codeSandbox.close());

  it('has recordings of n8n 1.123.81', () => {
    expect(recordings.length).toBeGreaterThan(25);
    expect(new Set(recordings.map(([, recording]) => recording.n8nVersion))).toEqual(new Set(['1.123.81']));
    expect(Object.keys(NOT_YET).every((name) => recordings.some(([recorded]) => recorded === name))).toBe(true);
  });

  it.each(table)('%s', async (_name, recording) => {
    const replay = await upstream(recording.upstream ?? []);
    try {
      const response = await answer(recording, replay.base, codeSandbox);
      expect(response).toBeDefined();
      expect(asReceived(response!, recording.response)).toEqual({ status: recording.response.status, body: recording.response.body });
      const headers = Object.fromEntries(Object.entries(response!.headers).map(([name, value]) => [name.toLowerCase(), value]));
      const { 'content-type': _type, ...custom } = recording.response.headers;
      expect(headers).toMatchObject(custom);
      expect(replay.sent).toEqual((recording.upstream ?? []).map((exchange) => exchange.request));
    } finally {
      replay.server.close();
    }
  });
});
