// The usage-read benchmark's platform and organization: the built platform on a fresh
// database of the PostgreSQL server, a user and an organization with a webhook workflow,
// runs through that webhook this hour, and a month's history of recorded runs appended
// straight into the event store; ready once GET .../billing/usage meters them all.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PostgresEventStore } from '@weft/eventstore';
import { Database } from '@weft/postgres';
import { hourOf } from '@weft/read-model-billing';
import { ApiClient, type StartedPlatform, registerUser, startPlatform, waitUntil } from '@weft/testing';
import { serverUrl } from '../eventstore/bench-database.js';
import { type RecordedRun, appendRuns } from './run-events.js';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface BenchPlatform {
  readonly platform: StartedPlatform;
  /** A pool of this bench's own on the platform's database. */
  readonly db: Database;
  stop(): Promise<void>;
}

/** The built platform on a fresh database of the PostgreSQL server; `stop` stops it and drops the database. */
export async function startBenchPlatform(): Promise<BenchPlatform> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-bench-usage-'));
  const name = `weft_bench_${randomBytes(6).toString('hex')}`;
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const platform = await startPlatform({ env: { WEFT_DATA_DIR: dataDir, DATABASE_URL: url.toString(), LOG_LEVEL: 'warn' }, readyTimeoutMs: 120_000 });
  const db = new Database({ url: url.toString(), maxConnections: 8, applicationName: 'weft-bench' });
  return {
    platform,
    db,
    async stop() {
      await db.close();
      await platform.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      await admin(`drop database if exists ${name} with (force)`);
    },
  };
}

export interface BenchOrganization {
  readonly id: string;
  readonly token: string;
  /** Runs metered this month: through the webhook and appended. */
  readonly runs: number;
  readonly webhookRuns: number;
  readonly historyRuns: number;
}

const hookWorkflow = {
  name: 'Usage bench',
  nodes: [
    { id: 'hook', type: 'webhookTrigger', position: { x: 0, y: 0 }, properties: { path: 'usage-bench', method: 'POST', responseMode: 'lastNode' } },
    { id: 'set', type: 'set', position: { x: 200, y: 0 }, properties: { fields: [{ name: 'total', type: 'number', value: '{{ $json.body.qty * 30 }}' }] } },
  ],
  connections: [{ source: 'hook', target: 'set' }],
};

/** POSTs to the workflow's webhook `count` times from 8 clients (and until it answers, first); returns the runs it answered. */
async function runWebhook(baseUrl: string, count: number): Promise<number> {
  let answered = 0;
  const post = async () => {
    const response = await fetch(`${baseUrl}/webhook/usage-bench`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"qty":2}' });
    await response.arrayBuffer();
    if (response.status === 200) answered += 1;
    return response.status === 200;
  };
  await waitUntil(post, { timeoutMs: 30_000, intervalMs: 50, description: 'the webhook route' });
  let next = 1;
  const client = async () => {
    while (next++ < count) await post();
  };
  await Promise.all(Array.from({ length: 8 }, client));
  return answered;
}

/** `count` recorded runs of the workflow, queued at random in this month's hours before the current one (the current hour if there are none). */
function monthHistory(organizationId: string, workflowId: string, count: number): RecordedRun[] {
  const now = new Date();
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const span = Math.max(1, hourOf(now).getTime() - monthStart);
  return Array.from({ length: count }, () => ({ organizationId, workflowId, queuedAt: new Date(monthStart + Math.floor(Math.random() * span)) }));
}

/** A user, an organization, its webhook workflow run `webhookRuns` times and `historyRuns` runs appended; waits until the usage API meters all of them. */
export async function seedOrganization(bench: BenchPlatform, webhookRuns: number, historyRuns: number): Promise<BenchOrganization> {
  const api = new ApiClient(bench.platform.baseUrl);
  const user = await registerUser(api, 'Bench User');
  const as = { token: user.token };
  const org = await api.post<{ id: string }>('/api/v1/orgs', { name: 'Bench Org' }, as);
  const created = await api.post<{ id: string }>(`/api/v1/orgs/${org.body.id}/workflows`, hookWorkflow, as);
  if (created.status !== 201) throw new Error(`workflow not created: ${created.status} ${created.text}`);
  const activated = await api.post(`/api/v1/orgs/${org.body.id}/workflows/${created.body.id}/activate`, {}, as);
  if (activated.status !== 200) throw new Error(`workflow not activated: ${activated.status} ${activated.text}`);
  const answered = await runWebhook(bench.platform.baseUrl, webhookRuns);
  const store = new PostgresEventStore(bench.db);
  try {
    await appendRuns(store, monthHistory(org.body.id, created.body.id, historyRuns), 16);
  } finally {
    await store.close();
  }
  const runs = answered + historyRuns;
  await waitUntil(
    async () => {
      const usage = await api.get<{ executions: { used: number } }>(`/api/v1/orgs/${org.body.id}/billing/usage`, as);
      if (usage.status !== 200) throw new Error(`usage answered ${usage.status}: ${usage.text}`);
      return usage.body.executions.used >= runs;
    },
    { timeoutMs: 120_000, intervalMs: 100, description: `${runs} runs metered` },
  );
  return { id: org.body.id, token: user.token, runs, webhookRuns: answered, historyRuns };
}
