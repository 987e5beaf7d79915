import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';
import { PostgresEventStore } from '@weft/eventstore';
import { executionCatalogProjection } from '@weft/execution-feature';
import { type NewEvent } from '@weft/kernel';
import { Projector } from '@weft/projections';
import { invoicesProjection, plansProjection, subscriptionsProjection, usageProjection } from '@weft/read-model-billing';
import { executionsProjection } from '@weft/read-model-executions';
import { tenancyProjection } from '@weft/read-model-tenancy';
import { apiKeysProjection, usersProjection } from '@weft/read-model-users';
import { credentialsProjection, workflowsProjection } from '@weft/read-model-workflows';
import { type TestDatabase, createTestDatabase, waitUntil } from '@weft/testing';
import { platformMigrations } from '../migrations.js';
import { type CheckResult } from './check.js';
import { ROW_LEVEL_SECURITY_SQL } from './row-level-security.js';
import { readOnlyUrl, runWeft } from './weft-command.js';

// `weft check` against a real database migrated as the platform migrates it, with the
// read models the platform's projections build from events in the real event store:
// a healthy data set passes (exit 0); each problem planted afterwards is reported by its
// check and makes the exit code 1, and is taken away again.

const run = promisify(execFile);
const PROJECTIONS = [
  usersProjection,
  apiKeysProjection,
  tenancyProjection,
  workflowsProjection,
  credentialsProjection,
  executionCatalogProjection,
  executionsProjection,
  plansProjection,
  subscriptionsProjection,
  usageProjection,
  invoicesProjection,
];

let database: TestDatabase;
let store: PostgresEventStore;
const owner = randomUUID();
const orgA = randomUUID();
const orgB = randomUUID();
const [busy, quiet, deleted] = [randomUUID(), randomUUID(), randomUUID()];
const runsOfBusy: string[] = [];

interface Report {
  readonly result: string;
  readonly exitCode: number;
  readonly checksWithProblems: readonly string[];
  readonly checks: readonly (CheckResult & { readonly data: Record<string, unknown> })[];
}

const event = (type: string, organizationId: string, data: Record<string, unknown>): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data: { organizationId, ...data },
  metadata: { organizationId, actorId: owner },
});

const now = () => new Date().toISOString();

async function organization(organizationId: string, name: string): Promise<void> {
  const at = now();
  const data = { organizationId, name, slug: name, description: null, ownerId: owner, settings: {}, subscriptionStatus: 'trial' };
  await store.append(
    `tenancy.Organization-${organizationId}`,
    [event('OrganizationCreated', organizationId, { ...data, trialStartedAt: at, trialEndsAt: at, isActive: true, createdAt: at })],
    'no_stream',
  );
}

function workflowCreated(workflowId: string, organizationId: string, name: string): NewEvent {
  const content = { name, description: null, teamId: null, nodes: [{ id: 'n1', type: 'manualTrigger' }], connections: [], settings: {}, tags: [] };
  const created = { workflowId, slug: name, version: 1, status: 'draft', isTemplate: false, fromTemplateId: null, createdBy: owner, createdAt: now() };
  return event('WorkflowCreated', organizationId, { ...content, ...created });
}

/** A run of `workflowId`, queued and finished with `status`; returns its id. */
async function execution(workflowId: string, organizationId: string, status: 'success' | 'error'): Promise<string> {
  const executionId = randomUUID();
  const queued = { executionId, workflowId, workflowVersion: 1, mode: 'manual', triggerNodeId: 'n1', input: null, inputRef: null, inputItemCount: null };
  const origin = { triggeredBy: 'user', retryOf: null, retryAttempt: 0, parentExecutionId: null, queuedBy: owner, queuedAt: now() };
  const usage = { cpuMs: 1, memoryBytes: 1, networkBytes: 0 };
  const end =
    status === 'success'
      ? event('ExecutionSucceeded', organizationId, {
          executionId,
          lease: 1,
          output: null,
          outputRef: null,
          lastNodeId: 'n1',
          usage,
          finishedAt: now(),
          durationMs: 5,
        })
      : event('ExecutionFailed', organizationId, {
          executionId,
          lease: 1,
          error: { message: 'boom' },
          willRetry: false,
          usage,
          finishedAt: now(),
          durationMs: 5,
        });
  await store.append(`execution.Execution-${executionId}`, [event('ExecutionQueued', organizationId, { ...queued, ...origin }), end], 'no_stream');
  return executionId;
}

async function appendHealthyData(): Promise<void> {
  await organization(orgA, 'alpha');
  await organization(orgB, 'beta');
  await store.append(`workflows.Workflow-${busy}`, [workflowCreated(busy, orgA, 'busy')], 'no_stream');
  await store.append(`workflows.Workflow-${quiet}`, [workflowCreated(quiet, orgA, 'quiet')], 'no_stream');
  const deletion = event('WorkflowDeleted', orgB, { workflowId: deleted, slug: 'gone', deletedBy: owner, deletedAt: now() });
  await store.append(`workflows.Workflow-${deleted}`, [workflowCreated(deleted, orgB, 'gone'), deletion], 'no_stream');
  const credential = {
    credentialId: randomUUID(),
    name: 'api',
    type: 'httpHeaderAuth',
    isShared: false,
    expiresAt: null,
    ownerId: owner,
    createdBy: owner,
    createdAt: now(),
  };
  await store.append(`workflows.Credential-${credential.credentialId}`, [event('CredentialCreated', orgA, credential)], 'no_stream');
  for (const status of ['success', 'success', 'error'] as const) runsOfBusy.push(await execution(busy, orgA, status));
  await execution(quiet, orgA, 'success');
  await execution(deleted, orgB, 'error');
}

/** Every read model caught up with the store (a rebuild reads the whole log and swaps in). */
async function catchUp(): Promise<void> {
  for (const definition of PROJECTIONS) await new Projector(database.db, definition).rebuild(store);
}

async function check(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const env = { DATABASE_URL: database.url };
  const code = await runWeft(['check', ...args], { env, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) });
  return { code, stdout, stderr };
}

async function report(...args: string[]): Promise<Report> {
  const { code, stdout } = await check('--json', ...args);
  const parsed = JSON.parse(stdout) as Report;
  expect(parsed.exitCode).toBe(code);
  return parsed;
}

const result = (of: Report, id: string) => of.checks.find((each) => each.id === id)!;

async function insertExecutionRow(organizationId: string, workflowId: string): Promise<string> {
  const executionId = randomUUID();
  await database.db.query(
    `insert into executions (execution_id, organization_id, workflow_id, workflow_version, status, engine_status, status_version, mode, triggered_by, created_at)
     values ($1, $2, $3, 1, 'success', 'success', 1, 'manual', 'user', now())`,
    [executionId, organizationId, workflowId],
  );
  return executionId;
}

beforeAll(async () => {
  database = await createTestDatabase({ migrations: platformMigrations });
  store = new PostgresEventStore(database.db);
  for (const definition of PROJECTIONS) await new Projector(database.db, definition).ensureTables();
  await appendHealthyData();
  await catchUp();
});

afterAll(async () => {
  await store?.close();
  await database?.drop();
});

describe('weft check', () => {
  it('passes a healthy database: every finding check ok, exit code 0', async () => {
    const healthy = await report();
    expect(healthy).toMatchObject({ result: 'ok', exitCode: 0, checksWithProblems: [] });
    for (const each of healthy.checks.filter((c) => c.kind === 'finding')) expect([each.id, each.status]).toEqual([each.id, 'ok']);
    const counts = result(healthy, 'projection-counts').data['counts'] as { readModel: string; store: number; rows: number; judged: boolean }[];
    expect(counts.filter((c) => c.judged).map((c) => [c.readModel, c.store, c.rows])).toEqual(
      expect.arrayContaining([
        ['organizations', 2, 2],
        ['workflows (not deleted)', 2, 2],
        ['credentials (not deleted)', 1, 1],
        ['execution_catalog_workflows', 3, 3],
      ]),
    );
    expect(result(healthy, 'recent-executions').data).toMatchObject({ fromCheckpoint: true, sampled: 5, missing: 0 });
    const lags = result(healthy, 'projection-lag').data['projections'] as { verdict: string }[];
    expect(lags).toHaveLength(PROJECTIONS.length);
    expect(lags.every((lag) => lag.verdict === 'up to date')).toBe(true);
  });

  it('reports sizes (partitions rolled up) and the top workflows with success rates as information', async () => {
    const healthy = await report();
    const sizes = result(healthy, 'table-sizes');
    expect(sizes).toMatchObject({ kind: 'information', status: 'info' });
    const executions = (sizes.data['tables'] as { name: string; kind: string; partitions: number }[]).find((t) => t.name === 'executions');
    expect(executions).toMatchObject({ kind: 'partitioned' });
    expect(executions!.partitions).toBeGreaterThanOrEqual(2);
    const top = result(healthy, 'top-workflows').data['top'] as { workflowId: string; name: string; runs: number; successRate: number }[];
    expect(top[0]).toMatchObject({ workflowId: busy, name: 'busy', runs: 3, succeeded: 2, failed: 1 });
    expect(top[0]!.successRate).toBeCloseTo(2 / 3);
  });

  it('prints a readable report, findings apart from information', async () => {
    const { code, stdout } = await check();
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Findings \(a problem here makes the exit code 1\)$/m);
    expect(stdout).toMatch(/^Information \(never changes the exit code\)$/m);
    expect(stdout).toMatch(/^\[ok\] +Orphaned executions: none: 3 workflows with runs/m);
    expect(stdout).toMatch(/^\[info\] +Table and index sizes: /m);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('Result: no problems found (exit code 0)');
  });

  it('reports an orphaned execution (its workflow in no read model and no stream) and exits 1', async () => {
    const stray = randomUUID();
    await insertExecutionRow(orgA, stray);
    try {
      const found = await report();
      expect(found).toMatchObject({ result: 'problems', exitCode: 1, checksWithProblems: ['Orphaned executions'] });
      const orphans = result(found, 'orphaned-executions');
      expect(orphans.status).toBe('problem');
      expect(orphans.data['listed']).toEqual([{ organization_id: orgA, workflow_id: stray, executions: 1, in_store: false, in_other_organization: false }]);
      const { code, stdout } = await check();
      expect(code).toBe(1);
      expect(stdout).toContain(`[PROBLEM] Orphaned executions: 1 workflow with runs missing from workflows`);
      expect(stdout).toContain(`- workflow ${stray} of organization ${orgA}: 1 execution; no Workflow stream in the event store either`);
    } finally {
      await database.db.query('delete from executions where workflow_id = $1', [stray]);
    }
  });

  it('reports an organization the organizations read model does not have', async () => {
    const stranger = randomUUID();
    await insertExecutionRow(stranger, busy);
    try {
      const found = await report();
      expect(found.exitCode).toBe(1);
      const unknown = result(found, 'unknown-organizations');
      expect(unknown.status).toBe('problem');
      expect(unknown.data['listed']).toEqual([{ organization_id: stranger, seen_in: ['executions'], in_store: false }]);
      // The run names a workflow of another organization: an orphan as well.
      expect(result(found, 'orphaned-executions').data['listed']).toEqual([expect.objectContaining({ workflow_id: busy, in_other_organization: true })]);
    } finally {
      await database.db.query('delete from executions where organization_id = $1', [stranger]);
    }
  });

  it('reports tenant tables without row-level security, a partitioned parent once, and a partition readable past its parent', async () => {
    const [partition] = (await database.db.query<{ name: string }>(`select relid::text as name from pg_partition_tree('executions') where isleaf limit 1`))
      .rows;
    await database.db.query('create table audit_notes (id uuid primary key, organization_id uuid not null, note text)');
    await database.db.query('create table usage_records (organization_id uuid not null, at timestamptz not null) partition by range (at)');
    await database.db.query(`create table usage_records_2026 partition of usage_records for values from ('2026-01-01') to ('2027-01-01')`);
    await database.db.query(`grant select on ${partition!.name} to weft_tenant_reader`);
    try {
      const found = await report();
      expect(found.exitCode).toBe(1);
      const rls = result(found, 'row-level-security');
      expect(rls.status).toBe('problem');
      expect(rls.problems).toEqual([
        expect.stringMatching(/^audit_notes \(tenant table\): row-level security is not enabled; it has no tenant_isolation policy/),
        expect.stringMatching(/^executions \(tenant partitioned\): 1 partition readable by weft_tenant_reader directly/),
        expect.stringMatching(/^usage_records \(tenant partitioned\): row-level security is not enabled/),
      ]);
      const tables = (rls.data['tables'] as { table_name: string }[]).map((t) => t.table_name);
      expect(tables).not.toContain('usage_records_2026');
      expect(tables).toEqual(expect.arrayContaining(['executions', 'execution_logs', 'organizations', 'credential_data_keys']));
    } finally {
      await database.db.query(`revoke select on ${partition!.name} from weft_tenant_reader`);
      await database.db.query('drop table audit_notes, usage_records');
    }
  });

  it('reports projections behind the store, unless the lag is within --max-lag-seconds', async () => {
    const tenMinutesAgo = new PostgresEventStore(database.db, { now: () => new Date(Date.now() - 600_000) });
    const late = randomUUID();
    await tenMinutesAgo.append(`workflows.Workflow-${late}`, [workflowCreated(late, orgA, 'late')], 'no_stream');
    await tenMinutesAgo.close();
    try {
      // The check counts only events every reader can see (below the cluster's oldest open transaction): a suite running
      // against another database of the same server may hold that back for a moment.
      const behind = await waitUntil(
        async () => {
          const answer = await report();
          return answer.exitCode === 1 ? answer : undefined;
        },
        { timeoutMs: 30_000, description: 'the late event visible to the lag check' },
      );
      expect(behind.exitCode).toBe(1);
      const lag = result(behind, 'projection-lag');
      expect(lag.status).toBe('problem');
      expect(lag.problems).toContainEqual(expect.stringMatching(/^workflows: 1 event behind the head, the oldest stored 6\d\d s ago/));
      // Counted up to each checkpoint, the read models still equal the store: only the lag is a finding.
      expect(result(behind, 'projection-counts').status).toBe('ok');
      expect(await report('--max-lag-seconds', '3600')).toMatchObject({ exitCode: 0, checksWithProblems: [] });
    } finally {
      await catchUp();
    }
  });

  it('reports a read model that lost a row (the store has more up to its checkpoint)', async () => {
    await database.db.query('delete from workflows where id = $1', [quiet]);
    try {
      const found = await report();
      expect(found.exitCode).toBe(1);
      const counts = result(found, 'projection-counts');
      expect(counts.problems).toEqual([
        expect.stringMatching(/^workflows: workflows \(not deleted\) has \d+ rows?, the event store \d+ up to the projection's checkpoint \(-1\)$/),
      ]);
      expect(result(found, 'orphaned-executions').data['listed']).toEqual([expect.objectContaining({ workflow_id: quiet, in_store: true })]);
    } finally {
      await new Projector(database.db, workflowsProjection).rebuild(store);
    }
  });

  it('reports a recent run the executions projection passed without writing its row', async () => {
    const lost = runsOfBusy[0]!;
    await database.db.query('delete from executions where execution_id = $1', [lost]);
    try {
      const found = await report();
      expect(found.exitCode).toBe(1);
      const recent = result(found, 'recent-executions');
      expect(recent.data).toMatchObject({ sampled: 5, missing: 1, examples: [expect.objectContaining({ execution_id: lost, workflow_id: busy })] });
    } finally {
      await new Projector(database.db, executionsProjection).rebuild(store);
    }
  });

  it('answers --help and refuses bad usage (exit 2); a database without the schema is an error (exit 2)', async () => {
    const help = await runWeft(['--help'], { env: {}, stdout: () => undefined, stderr: () => undefined });
    expect(help).toBe(0);
    let stderr = '';
    expect(await runWeft(['chek'], { env: {}, stdout: () => undefined, stderr: (text) => void (stderr += text) })).toBe(2);
    expect(stderr).toContain('Unknown command "chek"');
    expect((await check('--limit', 'many')).code).toBe(2);
    const empty = await createTestDatabase();
    try {
      stderr = '';
      const code = await runWeft(['check'], { env: { DATABASE_URL: empty.url }, stdout: () => undefined, stderr: (text) => void (stderr += text) });
      expect(code).toBe(2);
      expect(stderr).toContain('has no Weft schema');
    } finally {
      await empty.drop();
    }
  });

  it('connects read-only: the session refuses writes', async () => {
    const client = new pg.Client({ connectionString: readOnlyUrl(database.url) });
    await client.connect();
    try {
      await expect(client.query('create table sneaky (id int)')).rejects.toThrow(/read-only transaction/);
      expect((await client.query<{ statement_timeout: string }>('show statement_timeout')).rows[0]?.statement_timeout).toBe('1min');
    } finally {
      await client.end();
    }
  });

  it('runs as the built script and exits 1 on a problem', async () => {
    await run(process.execPath, ['tools/scripts/build.mjs']);
    const stray = randomUUID();
    await insertExecutionRow(orgB, stray);
    try {
      const child = await run(process.execPath, ['dist/apps/platform/src/weft.js', 'check'], { env: { ...process.env, DATABASE_URL: database.url } }).then(
        () => ({ code: 0, stdout: '' }),
        (error: { code: number; stdout: string }) => error,
      );
      expect(child.code).toBe(1);
      expect(child.stdout).toContain('[PROBLEM] Orphaned executions');
      expect(child.stdout).toContain('Result: problems found by 1 check: Orphaned executions (exit code 1)');
    } finally {
      await database.db.query('delete from executions where workflow_id = $1', [stray]);
    }
  });

  it('schema-diff: the read-model tables as the platform makes them match their entities; a dropped index is printed with exit code 1', async () => {
    const diff = async () => {
      let stdout = '';
      const code = await runWeft(['schema-diff'], { env: { DATABASE_URL: database.url }, stdout: (text) => void (stdout += text), stderr: () => undefined });
      return { code, stdout };
    };
    expect(await diff()).toEqual({ code: 0, stdout: expect.stringContaining('the read-model tables match their entities') });
    await database.db.query('drop index credentials_organization_id_expires_at_idx');
    try {
      const drifted = await diff();
      expect(drifted.code).toBe(1);
      expect(drifted.stdout).toMatch(/create index "credentials_organization_id_expires_at_idx"/);
    } finally {
      await database.db.query(
        'create index credentials_organization_id_expires_at_idx on credentials (organization_id, expires_at) where expires_at is not null and deleted_at is null',
      );
    }
  });

  it('uses the query docs/operations.md prints for row-level security', () => {
    const squeeze = (text: string) => text.replace(/\s+/g, ' ').trim();
    expect(squeeze(readFileSync('docs/operations.md', 'utf8'))).toContain(squeeze(ROW_LEVEL_SECURITY_SQL));
  });
});
