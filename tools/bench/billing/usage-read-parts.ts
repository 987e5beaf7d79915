// Where GET .../billing/usage spends its time, measured from this process against the
// platform's database: the handler's reads one by one, as it issues them
// (get-usage.handler.ts: one tenant transaction with the four meter reads, and
// PLAN_LIMITS.limitOf six times, each a tenant transaction reading the organization
// row, all seven at once), without HTTP, Nest or the guard.
import { performance } from 'node:perf_hooks';
import { type Database, withTenant } from '@weft/postgres';
import { apiCallsOf, hourOf, meteredRuns, storedBytesOf, usageGauges } from '@weft/read-model-billing';
import { findOrganization } from '@weft/read-model-tenancy';
import { percentile } from '../eventstore/bench-database.js';

interface Part {
  readonly name: string;
  readonly run: () => Promise<unknown>;
}

function parts(db: Database, organizationId: string): Part[] {
  const meters = () =>
    withTenant(db, organizationId, async (tx) => {
      const now = new Date();
      await meteredRuns(tx, now);
      await usageGauges(tx);
      await storedBytesOf(tx, organizationId);
      await apiCallsOf(tx, organizationId, hourOf(now));
    });
  const limitOf = () => withTenant(db, organizationId, (tx) => findOrganization(tx));
  return [
    { name: 'one round trip (`select 1`)', run: () => db.query('select 1') },
    { name: 'an empty tenant transaction (begin with role and organization, commit)', run: () => withTenant(db, organizationId, async () => undefined) },
    { name: "the month's runs alone (`meteredRuns`, in a tenant transaction)", run: () => withTenant(db, organizationId, (tx) => meteredRuns(tx, new Date())) },
    { name: 'the meters: one tenant transaction, 4 reads', run: meters },
    { name: 'one `limitOf`: a tenant transaction reading the organization row', run: limitOf },
    { name: 'six `limitOf` at once', run: () => Promise.all(Array.from({ length: 6 }, limitOf)) },
    { name: 'the handler: the meters and six `limitOf` at once', run: () => Promise.all([meters(), ...Array.from({ length: 6 }, limitOf)]) },
    { name: 'the meters and one `limitOf` at once (one organization read for all six limits)', run: async () => Promise.all([meters(), limitOf()]) },
  ];
}

/** Each part `count` times in a row (after a warm-up): p50 and p99 in ms, as table rows. */
export async function measureParts(db: Database, organizationId: string, count: number): Promise<string[]> {
  const rows = ['| part (in-process, no HTTP) | p50 ms | p90 ms | p99 ms |', '|---|---|---|---|'];
  for (const part of parts(db, organizationId)) {
    for (let i = 0; i < Math.min(200, count); i++) await part.run();
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      await part.run();
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    rows.push(`| ${part.name} | ${[0.5, 0.9, 0.99].map((q) => percentile(samples, q).toFixed(2)).join(' | ')} |`);
  }
  return rows;
}
