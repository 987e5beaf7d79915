// The gateway's own cost for an authenticated read, embedded mode: the built platform
// as its own process, driven over HTTP by this process (sharing the machine's cores).
// Each route is measured at concurrency 1 (latency) and BENCH_CONCURRENCY (throughput):
//   GET /health/live                  Fastify + Nest, no auth: the floor
//   GET /api/v1/me                    + passport-jwt verification + one read
//   GET /api/v1/orgs/{orgId}          + the access guard (membership) + an RLS read (withTenant)
//   same with X-API-Key               + the API-key lookup by hash instead of the JWT
// Target: p50 <= 2 ms for an authenticated read. See docs/benchmarks.md.
//   BENCH_SECONDS (per measurement, default 5), BENCH_CONCURRENCY (default 8),
//   DATABASE_URL (unset: the embedded PGlite database).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ApiClient, registerUser, startPlatform } from '@weft/testing';
import { percentile } from '../eventstore/bench-database.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 8);

interface Route {
  readonly name: string;
  readonly url: string;
  readonly headers: Record<string, string>;
}

async function measure(route: Route, concurrency: number): Promise<{ perSecond: number; p50: number; p99: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + SECONDS * 1000;
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
  return { perSecond: latencies.length / SECONDS, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), errors };
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-bench-gateway-'));
  const platform = await startPlatform({ env: { WEFT_DATA_DIR: dataDir, DATABASE_URL: process.env['DATABASE_URL'] ?? '', LOG_LEVEL: 'warn' } });
  try {
    const api = new ApiClient(platform.baseUrl);
    const user = await registerUser(api, 'Bench User');
    const org = await api.post<{ id: string }>('/api/v1/orgs', { name: 'Bench Org' }, { token: user.token });
    const key = await api.post<{ key: string }>(`/api/v1/orgs/${org.body.id}/api-keys`, { name: 'bench' }, { token: user.token });
    const bearer = { authorization: `Bearer ${user.token}` };
    const routes: Route[] = [
      { name: 'GET /health/live (no auth)', url: `${platform.baseUrl}/health/live`, headers: {} },
      { name: 'GET /api/v1/me (JWT)', url: `${platform.baseUrl}/api/v1/me`, headers: bearer },
      { name: 'GET /api/v1/orgs/{id} (JWT + guard + RLS read)', url: `${platform.baseUrl}/api/v1/orgs/${org.body.id}`, headers: bearer },
      {
        name: 'GET /api/v1/orgs/{id} (X-API-Key + guard + RLS read)',
        url: `${platform.baseUrl}/api/v1/orgs/${org.body.id}`,
        headers: { 'x-api-key': key.body.key },
      },
    ];
    for (const route of routes) await measure(route, 1); // warm-up (JIT, pools)
    console.log(
      `database: ${process.env['DATABASE_URL'] ? 'PostgreSQL server' : 'embedded PGlite'}; ${SECONDS} s per measurement; ${os.cpus().length} cores shared with the load generator`,
    );
    console.log(
      '| route | c=1 p50 ms | c=1 p99 ms | c=1 req/s | c=' + CONCURRENCY + ' p50 ms | c=' + CONCURRENCY + ' p99 ms | c=' + CONCURRENCY + ' req/s | errors |',
    );
    console.log('|---|---|---|---|---|---|---|---|');
    for (const route of routes) {
      const single = await measure(route, 1);
      const loaded = await measure(route, CONCURRENCY);
      const f = (n: number) => n.toFixed(2);
      console.log(
        `| ${route.name} | ${f(single.p50)} | ${f(single.p99)} | ${single.perSecond.toFixed(0)} | ${f(loaded.p50)} | ${f(loaded.p99)} | ${loaded.perSecond.toFixed(0)} | ${single.errors + loaded.errors} |`,
      );
    }
  } finally {
    await platform.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
