import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiClient, type StartedPlatform, type TestDatabase, type TestUser, createTestDatabase, registerUser, startPlatform, waitUntil } from '@weft/testing';

// Schedule triggers over HTTP against started platforms (PostgreSQL server): an
// every-second cron fires once per second while the workflow is active and stops when it
// is deactivated; two platforms on one database fire each tick exactly once.

interface Summary {
  executionId: string;
  workflowId: string;
  workflowVersion: number;
  mode: string;
  status: string;
  createdAt: string;
}
interface Detail extends Summary {
  triggerNodeId: string | null;
  /** The trigger's input items' json. */
  input: Record<string, unknown>[] | null;
}

let database: TestDatabase;
let primary: StartedPlatform;
let api: ApiClient;
let owner: TestUser;
let orgId: string;
const dataDirs: string[] = [];
const as = () => ({ token: owner.token });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const dataDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-schedules-e2e-'));
  dataDirs.push(dir);
  return dir;
};

const tickNode = (cron = '* * * * * *') => ({ id: 'tick', type: 'scheduleTrigger', position: { x: 0, y: 0 }, properties: { cron } });
const markNode = {
  id: 'mark',
  type: 'set',
  position: { x: 200, y: 0 },
  properties: { fields: [{ name: 'seen', type: 'string', value: '{{ $json.timestamp }}' }] },
};

async function scheduledWorkflow(name: string, settings: Record<string, unknown> = {}): Promise<string> {
  const created = await api.post<{ id: string }>(
    `/api/v1/orgs/${orgId}/workflows`,
    { name, nodes: [tickNode(), markNode], connections: [{ source: 'tick', target: 'mark' }], settings },
    as(),
  );
  expect(created.status).toBe(201);
  return created.body.id;
}

const activate = async (id: string) => expect((await api.post(`/api/v1/orgs/${orgId}/workflows/${id}/activate`, {}, as())).status).toBe(200);
const deactivate = async (id: string) => expect((await api.post(`/api/v1/orgs/${orgId}/workflows/${id}/deactivate`, {}, as())).status).toBe(200);

async function scheduleRuns(workflowId: string): Promise<Summary[]> {
  const answer = await api.get<{ data: Summary[] }>(`/api/v1/orgs/${orgId}/executions?workflowId=${workflowId}&mode=schedule&limit=250`, as());
  expect(answer.status).toBe(200);
  return answer.body.data;
}

/** Each run's tick time (its trigger input's `timestamp`), once every run is in the read model. */
async function tickTimes(runs: readonly Summary[]): Promise<string[]> {
  const times: string[] = [];
  for (const run of runs) {
    const detail = await api.get<Detail>(`/api/v1/orgs/${orgId}/executions/${run.executionId}`, as());
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ mode: 'schedule', triggerNodeId: 'tick' });
    times.push(String(detail.body.input?.[0]?.['timestamp']));
  }
  return times;
}

beforeAll(async () => {
  database = await createTestDatabase();
  primary = await startPlatform({ env: { DATABASE_URL: database.url, WEFT_DATA_DIR: dataDir(), WORKER_ID: 'scheduler-e2e-a' } });
  api = new ApiClient(primary.baseUrl);
  owner = await registerUser(api, 'Schedule Owner');
  orgId = (await api.post<{ id: string }>('/api/v1/orgs', { name: 'Schedule Org' }, as())).body.id;
}, 90_000);

afterAll(async () => {
  await primary?.stop();
  await database?.drop();
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('schedule triggers', () => {
  it('fires an every-second cron once per second while active, with the tick as input, and stops on deactivation', async () => {
    const workflowId = await scheduledWorkflow('Every second', { timezone: 'Europe/Berlin' });
    await activate(workflowId);
    const runs = await waitUntil(
      async () => {
        const found = await scheduleRuns(workflowId);
        return found.length >= 3 ? found : undefined;
      },
      { timeoutMs: 6_000, intervalMs: 200, description: 'three schedule runs' },
    );
    const times = await tickTimes(runs);
    expect(new Set(times).size).toBe(times.length);
    for (const time of times) expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);

    const detail = await api.get<Detail>(`/api/v1/orgs/${orgId}/executions/${runs[0]!.executionId}`, as());
    expect(detail.body.input?.[0]).toMatchObject({ timezone: 'Europe/Berlin', Timezone: expect.stringMatching(/^Europe\/Berlin \(UTC\+0[12]:00\)$/) });
    await waitUntil(async () => (await api.get<Detail>(`/api/v1/orgs/${orgId}/executions/${runs[0]!.executionId}`, as())).body.status === 'success', {
      timeoutMs: 10_000,
      description: 'the first run succeeded',
    });

    await deactivate(workflowId);
    await sleep(1_500); // the catalog projection and the scheduler's next scan
    const atStop = (await scheduleRuns(workflowId)).length;
    await sleep(2_500);
    expect((await scheduleRuns(workflowId)).length).toBe(atStop);
  });

  it('fires each tick exactly once with two platforms on one database', async () => {
    const secondary = await startPlatform({ env: { DATABASE_URL: database.url, WEFT_DATA_DIR: dataDir(), WORKER_ID: 'scheduler-e2e-b' } });
    try {
      const workflowId = await scheduledWorkflow('Two replicas');
      await activate(workflowId);
      await sleep(5_000);
      await deactivate(workflowId);
      await sleep(1_500);
      // Every queued run reaches the read model: wait until the count stops growing.
      let runs = await scheduleRuns(workflowId);
      for (let settled = false; !settled;) {
        await sleep(500);
        const again = await scheduleRuns(workflowId);
        settled = again.length === runs.length;
        runs = again;
      }
      const times = await tickTimes(runs);
      expect(runs.length).toBeGreaterThanOrEqual(3);
      expect(new Set(times).size).toBe(runs.length);
      expect(new Set(runs.map((run) => run.executionId)).size).toBe(runs.length);
      // A tick runs on the replica that queued it: both took part (which one wins a tick is a race, so not asserted per replica).
      const { rows } = await database.db.query<{ worker_id: string | null; n: string }>(
        'select worker_id, count(*) as n from executions where workflow_id = $1 group by worker_id',
        [workflowId],
      );
      expect(rows.every((row) => row.worker_id === 'scheduler-e2e-a' || row.worker_id === 'scheduler-e2e-b')).toBe(true);
      expect(rows.reduce((n, row) => n + Number(row.n), 0)).toBe(runs.length);
    } finally {
      await secondary.stop();
    }
  });
});
