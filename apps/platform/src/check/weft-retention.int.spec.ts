import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { migrateUp } from '@weft/postgres';
import { ensureExecutionPartitions, executionsProjection } from '@weft/read-model-executions';
import { tenancyProjection } from '@weft/read-model-tenancy';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { platformMigrations } from '../migrations.js';

// `weft retention` as the built script, killed with SIGKILL in the middle of archiving
// (one run per statement, so a pass takes seconds) again and again: after every kill
// each run is in exactly one of `executions` and `executions_archive`, and the pass run
// to its end afterwards has moved every old run once and kept every recent one.

const run = promisify(execFile);
const OLD = 1_500;
const RECENT = 50;
const DAY_MS = 86_400_000;
let database: TestDatabase;
const org = randomUUID();

async function insertRuns(count: number, ageDays: number): Promise<void> {
  await database.db.query(
    `insert into executions (execution_id, organization_id, workflow_id, workflow_version, status, engine_status, status_version, mode, triggered_by, created_at)
     select gen_random_uuid(), $1, $2, 1, 'success', 'success', 3, 'manual', 'trigger', now() - make_interval(days => $3) + i * interval '1 second'
       from generate_series(1, $4) as i`,
    [org, randomUUID(), ageDays, count],
  );
}

async function placement(): Promise<{ hot: number; archived: number; both: number; distinct: number }> {
  const { rows } = await database.db.query<{ hot: number; archived: number; both: number; distinct: number }>(
    `select (select count(*) from executions)::int as hot, (select count(*) from executions_archive)::int as archived,
            (select count(*) from executions h join executions_archive a using (execution_id))::int as both,
            (select count(distinct execution_id) from (select execution_id from executions union all select execution_id from executions_archive) u)::int as distinct`,
  );
  return rows[0]!;
}

const retentionEnv = () => ({ ...process.env, DATABASE_URL: database.url, EXECUTION_RETENTION_DAYS: '90', EXECUTION_ARCHIVE_DAYS: '365' });

function startPass(batchSize: number): ChildProcess {
  return spawn(process.execPath, ['dist/apps/platform/src/weft.js', 'retention', '--batch-size', String(batchSize)], { env: retentionEnv(), stdio: 'ignore' });
}

/** Starts a pass and kills it (SIGKILL) once it has archived more than `after` runs; returns how many were archived then. */
async function killMidway(after: number): Promise<number> {
  const child = startPass(1);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      const { archived } = await placement();
      if (archived > after) {
        child.kill('SIGKILL');
        await exited;
        return archived;
      }
      if (child.exitCode !== null) throw new Error(`the pass ended (exit ${child.exitCode}) before it was killed`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    child.kill('SIGKILL');
  }
}

beforeAll(async () => {
  await run(process.execPath, ['tools/scripts/build.mjs']);
  database = await createTestDatabase();
  await migrateUp(database.db, platformMigrations);
  for (const table of [...tenancyProjection.tables, ...executionsProjection.tables]) for (const ddl of table.create(table.name)) await database.db.query(ddl);
  await database.db.transaction((tx) => ensureExecutionPartitions(tx, 'executions', new Date(Date.now() - 200 * DAY_MS), 8));
  await insertRuns(OLD, 200);
  await insertRuns(RECENT, 1);
}, 120_000);

afterAll(async () => {
  await database?.drop();
});

describe('weft retention killed with SIGKILL while archiving', () => {
  it('never loses or duplicates a run, and the next pass finishes the job', async () => {
    let seen = 0;
    for (let kill = 0; kill < 3; kill++) {
      const archivedAtKill = await killMidway(seen + 50);
      expect(archivedAtKill).toBeLessThan(OLD);
      const after = await placement();
      expect(after).toMatchObject({ both: 0, distinct: OLD + RECENT });
      expect(after.hot + after.archived).toBe(OLD + RECENT);
      seen = after.archived;
    }

    const finished = await run(process.execPath, ['dist/apps/platform/src/weft.js', 'retention'], { env: retentionEnv() });
    const report = JSON.parse(finished.stdout) as { archivedExecutions: number; analyzed: string[]; yielded: boolean };
    expect(report).toMatchObject({ archivedExecutions: OLD - seen, yielded: false, analyzed: ['executions', 'executions_archive'] });
    expect(await placement()).toEqual({ hot: RECENT, archived: OLD, both: 0, distinct: OLD + RECENT });
    // The emptied hot month went with the pass.
    const { rows } = await database.db.query<{ old: number }>(
      `select count(*)::int as old from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'executions'::regclass and c.relname = 'executions_y' || to_char(now() - interval '200 days', 'YYYY"m"MM')`,
    );
    expect(rows[0]?.old).toBe(0);
  }, 120_000);
});
