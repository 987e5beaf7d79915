// GET /api/v1/orgs/{orgId}/billing/usage over HTTP, PostgreSQL server: the built
// platform as its own process on a fresh database, driven from this process (sharing
// the machine's cores), as tools/bench/gateway/authenticated-read.ts does. The
// organization has BENCH_WEBHOOK_RUNS runs through a webhook this hour (default 1,000)
// and BENCH_HISTORY_RUNS recorded runs appended across this month's earlier hours
// (default 4,000), all metered before the measurement. Each route at concurrency 1 and
// BENCH_CONCURRENCY (default 8), BENCH_SECONDS each (default 5): p50/p90/p99 and req/s;
// GET /api/v1/orgs/{orgId} (guard + one RLS read) is the baseline read. Then the
// handler's reads timed in-process, one by one (usage-read-parts.ts), BENCH_PART_COUNT
// times each (default 2,000).
// Target (issue 18): usage query p50 <= 2 ms. See docs/benchmarks.md.
// Run (after node tools/scripts/build.mjs): node dist/tools/bench/billing/usage-read.js
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { percentile } from '../eventstore/bench-database.js';
import { measureParts } from './usage-read-parts.js';
import { seedOrganization, startBenchPlatform } from './usage-read-setup.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 8);
const WEBHOOK_RUNS = Number(process.env['BENCH_WEBHOOK_RUNS'] ?? 1000);
const HISTORY_RUNS = Number(process.env['BENCH_HISTORY_RUNS'] ?? 4000);
const PART_COUNT = Number(process.env['BENCH_PART_COUNT'] ?? 2000);

interface Route {
  readonly name: string;
  readonly url: string;
  readonly headers: Record<string, string>;
}

interface Measured {
  readonly perSecond: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly errors: number;
}

async function measure(route: Route, concurrency: number, seconds: number): Promise<Measured> {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const started = performance.now();
      const response = await fetch(route.url, { headers: route.headers });
      await response.arrayBuffer();
      if (response.status !== 200) errors += 1;
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  latencies.sort((x, y) => x - y);
  return { perSecond: latencies.length / seconds, p50: percentile(latencies, 0.5), p90: percentile(latencies, 0.9), p99: percentile(latencies, 0.99), errors };
}

const row = (route: Route, single: Measured, loaded: Measured) => {
  const f = (m: Measured) => `${m.p50.toFixed(2)} | ${m.p90.toFixed(2)} | ${m.p99.toFixed(2)} | ${m.perSecond.toFixed(0)}`;
  return `| ${route.name} | ${f(single)} | ${f(loaded)} | ${single.errors + loaded.errors} |`;
};

async function main(): Promise<void> {
  const bench = await startBenchPlatform();
  try {
    const seeding = performance.now();
    const org = await seedOrganization(bench, WEBHOOK_RUNS, HISTORY_RUNS);
    const base = bench.platform.baseUrl;
    const headers = { authorization: `Bearer ${org.token}` };
    const routes: Route[] = [
      { name: 'GET /api/v1/orgs/{id} (baseline: guard + one RLS read)', url: `${base}/api/v1/orgs/${org.id}`, headers },
      { name: 'GET /api/v1/orgs/{id}/billing/usage', url: `${base}/api/v1/orgs/${org.id}/billing/usage`, headers },
    ];
    for (const route of routes) await measure(route, 1, Math.min(2, SECONDS)); // warm-up (JIT, pools, prepared statements)
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`;
    console.log(`# usage read — PostgreSQL server; ${machine}; ${new Date().toISOString()}`);
    console.log(
      `organization with ${org.runs} runs this month (${org.webhookRuns} through its webhook this hour, ${org.historyRuns} appended over earlier hours), metered after ${((performance.now() - seeding) / 1000).toFixed(1)} s; ${SECONDS} s per measurement`,
    );
    const c = CONCURRENCY;
    console.log(`| route | c=1 p50 ms | c=1 p90 ms | c=1 p99 ms | c=1 req/s | c=${c} p50 ms | c=${c} p90 ms | c=${c} p99 ms | c=${c} req/s | errors |`);
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const route of routes) console.log(row(route, await measure(route, 1, SECONDS), await measure(route, CONCURRENCY, SECONDS)));
    if (PART_COUNT > 0) console.log((await measureParts(bench.db, org.id, PART_COUNT)).join('\n'));
  } finally {
    await bench.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
