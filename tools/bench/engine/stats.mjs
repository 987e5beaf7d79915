// Small helpers shared by the engine benchmarks.
import os from 'node:os';

/** Percentile of a sorted array of numbers. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `fn` `count` times, timing each call; returns ops/s and latency percentiles in µs. */
export async function measure(name, count, fn, { warmup = Math.min(count, 2000) } = {}) {
  for (let i = 0; i < warmup; i += 1) await fn(i);
  const samples = new Float64Array(count);
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) {
    const t0 = process.hrtime.bigint();
    await fn(i);
    samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  const sorted = Array.from(samples).sort((a, b) => a - b);
  const result = {
    name,
    ops: count,
    opsPerSecond: Math.round((count / totalMs) * 1000),
    p50us: +percentile(sorted, 50).toFixed(2),
    p95us: +percentile(sorted, 95).toFixed(2),
    p99us: +percentile(sorted, 99).toFixed(2),
  };
  console.log(
    `${name.padEnd(58)} ${String(result.opsPerSecond).padStart(10)} ops/s   p50 ${result.p50us} µs   p95 ${result.p95us} µs   p99 ${result.p99us} µs`,
  );
  return result;
}

/** Throughput without per-call timing (timer overhead matters for sub-µs operations). */
export async function throughput(name, count, fn) {
  for (let i = 0; i < Math.min(count, 10_000); i += 1) await fn(i);
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) await fn(i);
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  const opsPerSecond = Math.round((count / totalMs) * 1000);
  console.log(`${name.padEnd(58)} ${String(opsPerSecond).padStart(10)} ops/s   (${(1e6 / opsPerSecond).toFixed(3)} µs/op, untimed loop)`);
  return { name, ops: count, opsPerSecond };
}

export function header(title) {
  console.log(`\n# ${title} — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${new Date().toISOString()}`);
}
