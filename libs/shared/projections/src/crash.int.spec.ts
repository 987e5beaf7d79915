import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { PostgresEventStore, compareLogPositions, eventStoreMigrations } from '@weft/eventstore';
import { type AppendResult } from '@weft/kernel';
import { type TestDatabase, createTestDatabase, waitUntil } from '@weft/testing';
import { readCheckpoint } from './checkpoints.js';
import { readStoredOffset } from './delivered.js';
import { projectionMigrations } from './migrations.js';
import { countedEvent } from './testing/counter-projection.fixture.js';
import { exactlyOnceReport } from './testing/exactly-once.fixture.js';

const root = path.resolve(import.meta.dirname, '../../../..');
const KILLS = 8;
type Mode = 'store' | 'bus';

describe('projectors SIGKILLed at random moments while events are appended', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    database = await createTestDatabase({ migrations: [...eventStoreMigrations, ...projectionMigrations] });
    store = new PostgresEventStore(database.db);
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  async function startChild(mode: Mode): Promise<ChildProcess> {
    const env = { ...process.env, DATABASE_URL: database.url, PROJECTION_NAME: `crash_${mode}`, MODE: mode };
    const child = spawn(process.execPath, ['--import', './tools/bench/engine/register.mjs', 'libs/shared/projections/src/testing/crash-projector.fixture.ts'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitUntil(() => output.includes('ready') || child.exitCode !== null, { timeoutMs: 30_000, description: `the ${mode} projector to start` });
    if (child.exitCode !== null) throw new Error(`the ${mode} projector exited with ${child.exitCode} before it was ready`);
    return child;
  }

  async function kill(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  const appliedRows = async (mode: Mode) => Number((await database.db.query(`select count(*)::text as n from crash_${mode}_seen_events`)).rows[0]?.['n']);
  const countedInLog = async () => Number((await database.db.query(`select count(*)::text as n from events where type = 'Counted'`)).rows[0]?.['n']);

  /** Starts and kills the projector `KILLS` times; counts the kills that hit it while it was behind the log. */
  async function killRepeatedly(mode: Mode): Promise<number> {
    let killedBehind = 0;
    for (let i = 0; i < KILLS; i++) {
      const child = await startChild(mode);
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 400)); // a random moment, on purpose
      const [rows, inLog] = [await appliedRows(mode), await countedInLog()];
      await kill(child);
      if (rows < inLog) killedBehind += 1;
    }
    return killedBehind;
  }

  it('applies every event exactly once, from the store and from an at-least-once bus', async () => {
    let appending = true;
    let lastAppend: AppendResult | undefined;
    const appender = (async () => {
      for (let i = 0; appending; i++) {
        const events = i % 5 === 0 ? [countedEvent({}, 'Ignored'), countedEvent()] : Array.from({ length: 1 + (i % 3) }, () => countedEvent());
        lastAppend = await store.append(`crash-${i % 25}`, events, 'any');
      }
    })();
    const killedBehind = await Promise.all((['store', 'bus'] as const).map(killRepeatedly));
    appending = false;
    await appender;

    // Once more, to the end of the log.
    const children = await Promise.all((['store', 'bus'] as const).map(startChild));
    const head = lastAppend!.logPosition; // not headPosition(): a transaction elsewhere in the cluster can hold it back
    const total = Number((await database.db.query(`select count(*)::text as n from events`)).rows[0]?.['n']);
    await waitUntil(
      async () => {
        const checkpoint = await readCheckpoint(database.db, 'crash_store');
        return checkpoint !== undefined && compareLogPositions(checkpoint, head) >= 0;
      },
      { timeoutMs: 30_000, description: 'the store projector to reach the head' },
    );
    await waitUntil(async () => (await readStoredOffset(database.db, 'crash_bus', 'sim', 0)) === String(total), {
      timeoutMs: 30_000,
      description: 'the bus projector to reach the end',
    });
    await Promise.all(children.map(kill));

    expect(killedBehind.every((n) => n > 0)).toBe(true); // the kills really interrupted work
    for (const mode of ['store', 'bus'] as const) {
      const report = await exactlyOnceReport(database.db, `crash_${mode}_`);
      expect(report.events).toBeGreaterThan(200);
      expect(report).toEqual({ events: report.events, rows: report.events, distinctEvents: report.events, wrongCounters: [] });
    }
  }, 180_000);
});
