// Metering survives kill -9: the metering projection runs in a child process that is
// SIGKILLed at random moments while runs are queued, and started again; in the end the
// totals are what counting the log gives, following the store and from a bus that
// redelivers on every restart.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { PostgresEventStore, eventStoreMigrations } from '@weft/eventstore';
import { tenantIsolationMigrations } from '@weft/postgres';
import { projectionMigrations } from '@weft/projections';
import { type TestDatabase, createTestDatabase, waitUntil } from '@weft/testing';
import { type MeteredEntry, appendMeteredLog, countedTotals, meteredTotals } from './testing/metered-log.fixture.js';

const root = path.resolve(import.meta.dirname, '../../../..');
const KILLS = 6;
const RUNS_PER_ROUND = 40;

describe.each(['store', 'bus'] as const)('metering killed with -9 (%s)', (mode) => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    database = await createTestDatabase({ migrations: [...tenantIsolationMigrations, ...eventStoreMigrations, ...projectionMigrations] });
    store = new PostgresEventStore(database.db);
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  async function start(): Promise<ChildProcess> {
    const child = spawn(
      process.execPath,
      ['--import', './tools/bench/engine/register.mjs', 'libs/read-models/billing/src/testing/metering-projector.fixture.ts'],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: database.url, MODE: mode },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitUntil(() => output.includes('ready') || child.exitCode !== null, { timeoutMs: 30_000, description: 'the metering projector to start' });
    if (child.exitCode !== null) throw new Error(`the metering projector exited with ${child.exitCode}`);
    return child;
  }

  async function kill(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  it('counts every run exactly once', async () => {
    const organizations = [randomUUID(), randomUUID(), randomUUID()];
    const entries: MeteredEntry[] = [];
    for (let round = 0; round < KILLS; round++) {
      const child = await start();
      const batch = Array.from({ length: RUNS_PER_ROUND }, (_v, i): MeteredEntry => ({
        kind: 'run',
        org: i % 3,
        at: new Date(Date.UTC(2026, 11, 1, round, i)),
      }));
      entries.push(...batch);
      const appending = appendMeteredLog(store, organizations, batch);
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 300)); // a random moment, on purpose
      await kill(child);
      await appending;
    }
    const last = await start();
    try {
      const expected = countedTotals(organizations, entries);
      await waitUntil(
        async () => JSON.stringify([...(await meteredTotals(database.db, organizations)).runs].sort()) === JSON.stringify([...expected.runs].sort()),
        {
          timeoutMs: 30_000,
          description: 'every run metered',
        },
      );
      await new Promise((resolve) => setTimeout(resolve, 300)); // anything still in flight would count twice now
      expect(await meteredTotals(database.db, organizations)).toEqual(expected);
    } finally {
      await kill(last);
    }
  }, 120_000);
});
