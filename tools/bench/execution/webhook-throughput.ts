// Webhook executions end to end: the built platform as its own process, driven over
// HTTP (keep-alive) by this process, sharing the machine's cores. Each request runs the
// 5-node workflow of tools/bench/engine/workflow.bench.mjs (webhookTrigger 'orders' POST,
// responseMode lastNode → set with two expressions → if total > 100 → set tier big |
// set tier small) and is answered with the last node's item once the run is recorded.
// Reports executions/s, latency p50/p95/p99/max, the platform process's CPU time per
// execution (/proc/<pid>/stat utime+stime), and then how long the executions read model
// lagged behind the last answer until it showed every execution as success.
//   BENCH_N (measured requests, default 20,000), BENCH_CONCURRENCY (clients, default 8),
//   BENCH_WARMUP (default 1,000), BENCH_EMBEDDED=1 (embedded PGlite in a temp
//   WEFT_DATA_DIR, no DATABASE_URL; else a fresh database on the PostgreSQL server at
//   DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres, dropped at the end),
//   BENCH_DISTRIBUTED=1 (the distributed apps behind the gateway, Kafka at KAFKA_BROKERS,
//   BENCH_WORKERS worker processes, default 1; "platform CPU" is then the sum over the
//   gateway, services, workers and projector).
// Run (after node tools/scripts/build.mjs):
//   npm exec -- node dist/tools/bench/execution/webhook-throughput.js
//   BENCH_EMBEDDED=1 BENCH_N=5000 npm exec -- node dist/tools/bench/execution/webhook-throughput.js
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { ApiClient, type StartedPlatform, registerUser, startDistributed, startPlatform, waitUntil } from '@weft/testing';
import { percentile, serverUrl } from '../eventstore/bench-database.js';
import { clockTicksPerSecond, cpuMsOf, cpuMsOfAll, machineTicks } from '../proc-cpu.js';

const N = Number(process.env['BENCH_N'] ?? 20_000);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 8);
const WARMUP = Number(process.env['BENCH_WARMUP'] ?? 1_000);
const EMBEDDED = process.env['BENCH_EMBEDDED'] === '1';
const DISTRIBUTED = process.env['BENCH_DISTRIBUTED'] === '1';
const WORKERS = Number(process.env['BENCH_WORKERS'] ?? 1);
const READ_MODEL_TIMEOUT_MS = Number(process.env['BENCH_READ_MODEL_TIMEOUT_MS'] ?? 300_000);

/** webhookTrigger → set (two expressions) → if → set | set: the engine bench's workflow. */
const fiveNodes = {
  name: 'Five nodes (bench)',
  nodes: [
    { id: 'hook', type: 'webhookTrigger', position: { x: 0, y: 0 }, properties: { path: 'orders', method: 'POST', responseMode: 'lastNode' } },
    {
      id: 'total',
      type: 'set',
      position: { x: 200, y: 0 },
      properties: {
        fields: [
          { name: 'total', type: 'number', value: '{{ $json.body.qty * $json.body.price }}' },
          { name: 'customer', type: 'string', value: '{{ $json.body.customer.toUpperCase() }}' },
        ],
      },
    },
    { id: 'check', type: 'if', position: { x: 400, y: 0 }, properties: { conditions: [{ left: '{{ $json.total }}', op: 'gt', right: 100 }] } },
    { id: 'big', type: 'set', position: { x: 600, y: -100 }, properties: { fields: [{ name: 'tier', value: 'big' }] } },
    { id: 'small', type: 'set', position: { x: 600, y: 100 }, properties: { fields: [{ name: 'tier', value: 'small' }] } },
  ],
  connections: [
    { source: 'hook', target: 'total' },
    { source: 'total', target: 'check' },
    { source: 'check', target: 'big', sourceOutput: 'true' },
    { source: 'check', target: 'small', sourceOutput: 'false' },
  ],
};

const requestBody = (i: number) => JSON.stringify({ qty: (i % 5) + 1, price: 30, customer: 'ada' });
const expectedTier = (i: number) => (((i % 5) + 1) * 30 > 100 ? 'big' : 'small');

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface Load {
  readonly seconds: number;
  readonly latencies: number[];
  readonly errors: number;
  readonly firstError: string | undefined;
}

/** `count` POSTs to the webhook from `concurrency` keep-alive clients; request i carries body i. */
async function drive(baseUrl: string, agent: http.Agent, count: number, concurrency: number, offset: number): Promise<Load> {
  const url = new URL('/webhook/orders', baseUrl);
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const post = (i: number) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const body = requestBody(i);
      const request = http.request(
        url,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  const client = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const started = performance.now();
      try {
        const answer = await post(offset + i);
        latencies.push(performance.now() - started);
        const tier = answer.status === 200 ? (JSON.parse(answer.text) as { tier?: string }).tier : undefined;
        if (tier !== expectedTier(offset + i)) {
          errors += 1;
          firstError ??= `${answer.status} ${answer.text.slice(0, 300)}`;
        }
      } catch (error) {
        errors += 1;
        firstError ??= String(error);
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, client));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((x, y) => x - y);
  return { seconds, latencies, errors, firstError };
}

interface BenchTarget {
  readonly probes: number;
  readonly succeeded: () => Promise<number>;
  readonly untilRecorded: (expected: number) => Promise<number>;
  readonly workflowId: string;
}

/** Registers a user and an organization, activates the five-node webhook workflow, and waits until its route answers. */
async function activateBenchWorkflow(platform: StartedPlatform): Promise<BenchTarget> {
  const api = new ApiClient(platform.baseUrl);
  const user = await registerUser(api, 'Bench User');
  const as = { token: user.token };
  const org = await api.post<{ id: string }>('/api/v1/orgs', { name: 'Bench Org' }, as);
  const created = await api.post<{ id: string }>(`/api/v1/orgs/${org.body.id}/workflows`, fiveNodes, as);
  if (created.status !== 201) throw new Error(`workflow not created: ${created.status} ${created.text}`);
  const workflowId = created.body.id;
  const activated = await api.post(`/api/v1/orgs/${org.body.id}/workflows/${workflowId}/activate`, {}, as);
  if (activated.status !== 200) throw new Error(`workflow not activated: ${activated.status} ${activated.text}`);
  let probes = 0;
  await waitUntil(
    async () => {
      const answer = await fetch(`${platform.baseUrl}/webhook/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: requestBody(0),
      });
      await answer.arrayBuffer();
      if (answer.status === 200) probes += 1;
      return answer.status === 200;
    },
    { timeoutMs: 30_000, intervalMs: 50, description: 'the webhook route' },
  );
  const succeeded = async (): Promise<number> => {
    const stats = await api.get<{ succeeded: number }>(`/api/v1/orgs/${org.body.id}/workflows/${workflowId}/stats`, as);
    if (stats.status !== 200) throw new Error(`stats answered ${stats.status}: ${stats.text}`);
    return stats.body.succeeded;
  };
  const untilRecorded = async (expected: number): Promise<number> => {
    const started = performance.now();
    await waitUntil(async () => (await succeeded()) >= expected, {
      timeoutMs: READ_MODEL_TIMEOUT_MS,
      intervalMs: 20,
      description: `${expected} successful executions in the read model`,
    });
    return performance.now() - started;
  };

  return { probes, succeeded, untilRecorded, workflowId };
}

interface BenchRun {
  readonly load: Awaited<ReturnType<typeof drive>>;
  readonly before: number;
  readonly cpuMsDuringLoad: number;
  readonly cpuMsWithCatchUp: number;
  readonly own: NodeJS.CpuUsage;
  readonly machineBusy: number;
  readonly lagMs: number;
  readonly recordedAtLastAnswer: number;
  readonly backendCpuMs: number;
  readonly backendConnections: number;
  readonly total: number;
  readonly sqlCount: number | undefined;
}

/** Warms up, then drives N requests and measures CPU (platform, PostgreSQL backends, the load generator) and the read model's lag. */
async function measure(
  platform: StartedPlatform,
  agent: http.Agent,
  sql: pg.Client | undefined,
  platformCpuMs: (ticks: number) => number,
  target: BenchTarget,
): Promise<BenchRun> {
  const { probes, succeeded, untilRecorded, workflowId } = target;
  // Warm-up (JIT, pools, caches), then let the read model catch up so the lag measured is the load's.
  const warm = await drive(platform.baseUrl, agent, WARMUP, CONCURRENCY, 1);
  if (warm.errors > 0) throw new Error(`warm-up: ${warm.errors} bad answers, first: ${warm.firstError}`);
  const before = probes + WARMUP;
  await untilRecorded(before);

  const ticks = clockTicksPerSecond();
  const cpuBefore = platformCpuMs(ticks);
  const ownBefore = process.cpuUsage();
  // The bench database's backends (PostgreSQL server only; background writers not counted).
  const benchBackends = async () =>
    sql
      ? (await sql.query<{ pid: number }>(`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`)).rows.map(
          (r) => r.pid,
        )
      : [];
  const backendsBefore = cpuMsOfAll(await benchBackends(), ticks);
  const machineBefore = machineTicks();
  const load = await drive(platform.baseUrl, agent, N, CONCURRENCY, 1 + WARMUP);
  const cpuAfter = platformCpuMs(ticks);
  // Connections opened during the load count from zero (pools grow under load).
  const backendPids = await benchBackends();
  const backendsAfter = cpuMsOfAll(backendPids, ticks);
  const backendCpuMs = [...backendsAfter].reduce((sum, [pid, ms]) => sum + ms - (backendsBefore.get(pid) ?? 0), 0);
  const recordedAtLastAnswer = (await succeeded()) - before;
  const own = process.cpuUsage(ownBefore);
  const machineAfter = machineTicks();
  const machineBusy = (machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total);
  const lagMs = await untilRecorded(before + N);
  const cpuAfterCatchUp = platformCpuMs(ticks);

  const total = await succeeded();
  let sqlCount: number | undefined;
  if (sql) {
    const { rows } = await sql.query<{ n: string }>(`select count(*) as n from executions where workflow_id = $1 and mode = 'webhook' and status = 'success'`, [
      workflowId,
    ]);
    sqlCount = Number(rows[0]?.n);
  }

  return {
    load,
    before,
    cpuMsDuringLoad: cpuAfter - cpuBefore,
    cpuMsWithCatchUp: cpuAfterCatchUp - cpuBefore,
    own,
    machineBusy,
    lagMs,
    recordedAtLastAnswer,
    backendCpuMs,
    backendConnections: backendPids.length,
    total,
    sqlCount,
  };
}

/** Prints the run as one line and as a docs/benchmarks.md table row; a bad answer or a missing execution fails the bench. */
function printReport(run: BenchRun, hasSql: boolean): void {
  const { load, before, cpuMsDuringLoad, cpuMsWithCatchUp, own, machineBusy, lagMs, recordedAtLastAnswer, backendCpuMs, backendConnections, total, sqlCount } =
    run;
  const perSecond = N / load.seconds;
  const q = (f: number) => percentile(load.latencies, f);
  const cpuPerExecution = cpuMsWithCatchUp / N;
  const f2 = (n: number) => n.toFixed(2);
  const database = EMBEDDED
    ? 'embedded PGlite'
    : DISTRIBUTED
      ? `PostgreSQL server, distributed (gateway, 4 services, ${WORKERS} worker${WORKERS === 1 ? '' : 's'}, projector; Kafka)`
      : 'PostgreSQL server';
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`;

  console.log(`# webhook executions (5-node workflow, responseMode lastNode) — ${database}; ${machine}; ${new Date().toISOString()}`);
  console.log(
    `N=${N} (+${before} warm-up) c=${CONCURRENCY}: ${perSecond.toFixed(0)} executions/s, p50 ${f2(q(0.5))} ms, p95 ${f2(q(0.95))} ms, p99 ${f2(q(0.99))} ms, max ${f2(load.latencies.at(-1) ?? Number.NaN)} ms; ` +
      `platform CPU ${f2(cpuMsDuringLoad / N)} ms/execution during the load (${f2(cpuPerExecution)} incl. the read model's catch-up; ${((cpuMsDuringLoad / (load.seconds * 1000)) * 100).toFixed(0)}% of a core), ` +
      `load generator ${f2((own.user + own.system) / 1000 / N)} ms/request; machine ${(machineBusy * 100).toFixed(0)}% busy; read model lag after the last answer ${lagMs.toFixed(0)} ms (${N - recordedAtLastAnswer} executions behind, ${(recordedAtLastAnswer / load.seconds).toFixed(0)}/s projected during the load); ` +
      `${hasSql ? `PostgreSQL backends ${f2(backendCpuMs / N)} ms/execution (${backendConnections} connections); ` : ''}` +
      `recorded ${total}/${before + N} success${sqlCount === undefined ? '' : ` (SQL count ${sqlCount})`}; bad answers ${load.errors}${load.firstError ? ` (first: ${load.firstError})` : ''}`,
  );
  console.log('| database | N | clients | executions/s | p50 ms | p95 ms | p99 ms | max ms | platform CPU ms/execution | read-model lag ms | errors |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  console.log(
    `| ${database} | ${N} | ${CONCURRENCY} | ${perSecond.toFixed(0)} | ${f2(q(0.5))} | ${f2(q(0.95))} | ${f2(q(0.99))} | ${f2(load.latencies.at(-1) ?? Number.NaN)} | ${f2(cpuMsDuringLoad / N)} (${f2(cpuPerExecution)} with catch-up) | ${lagMs.toFixed(0)} | ${load.errors} |`,
  );
  if (load.errors > 0 || total < before + N || (sqlCount !== undefined && sqlCount < before + N)) process.exitCode = 1;
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-bench-webhook-'));
  const dbName = `weft_bench_${randomBytes(6).toString('hex')}`;
  let databaseUrl = '';
  if (!EMBEDDED) {
    await admin(`create database ${dbName}`);
    const url = new URL(serverUrl);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  const distribution = DISTRIBUTED ? await startDistributed({ databaseUrl, workers: WORKERS, env: { LOG_LEVEL: 'warn' } }) : undefined;
  const platform: StartedPlatform =
    distribution ?? (await startPlatform({ env: { WEFT_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }, readyTimeoutMs: 120_000 }));
  const platformPids = distribution ? [...new Set([...Object.values(distribution.apps), ...distribution.workers].map((app) => app.pid))] : [platform.pid];
  const platformCpuMs = (ticks: number) => platformPids.reduce((sum, pid) => sum + cpuMsOf(pid, ticks), 0);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const sql = databaseUrl === '' ? undefined : new pg.Client({ connectionString: databaseUrl });
  try {
    await sql?.connect();
    const target = await activateBenchWorkflow(platform);
    const run = await measure(platform, agent, sql, platformCpuMs, target);
    printReport(run, sql !== undefined);
  } finally {
    agent.destroy();
    await sql?.end();
    await platform.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (!EMBEDDED) await admin(`drop database if exists ${dbName} with (force)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
