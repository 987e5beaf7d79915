import { ApiClient, type StartedPlatform, type TestDatabase, type TestUser, createTestDatabase, registerUser, startPlatform, waitUntil } from '@weft/testing';
import { applyExecutionRetention } from '../executions/execution-retention.js';

// Archived runs through the public API: a run older than the retention moves to the
// archive, leaves the executions list and its detail, and is read back with
// `?archived=true` by its organization only.

interface Execution {
  executionId: string;
  status: string;
  archived: boolean;
}

let platform: StartedPlatform;
let database: TestDatabase;
let api: ApiClient;
let owner: TestUser;
let stranger: TestUser;
let orgId: string;
let strangerOrgId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  platform = await startPlatform({ env: { DATABASE_URL: database.url } });
  api = new ApiClient(platform.baseUrl);
  owner = await registerUser(api, 'Archive Owner');
  stranger = await registerUser(api, 'Archive Stranger');
  orgId = (await api.post<{ id: string }>('/api/v1/orgs', { name: 'Archive Org' }, { token: owner.token })).body.id;
  strangerOrgId = (await api.post<{ id: string }>('/api/v1/orgs', { name: 'Stranger Org' }, { token: stranger.token })).body.id;
}, 90_000);

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
});

describe('archived executions', () => {
  it('serves a run retention archived with ?archived=true, to its organization only', async () => {
    const as = { token: owner.token };
    const workflow = await api.post<{ id: string }>(
      `/api/v1/orgs/${orgId}/workflows`,
      { name: 'Archived', nodes: [{ id: 'start', type: 'manualTrigger' }], connections: [] },
      as,
    );
    expect(workflow.status).toBe(201);
    const run = `/api/v1/orgs/${orgId}/workflows/${workflow.body.id}/run`;
    const runs = [await api.post<Execution>(run, { input: { n: 1 }, wait: true }, as), await api.post<Execution>(run, { input: { n: 2 }, wait: true }, as)];
    expect(runs.map((answer) => [answer.status, answer.body.status])).toEqual([
      [200, 'success'],
      [200, 'success'],
    ]);
    const [old, recent] = runs.map((answer) => answer.body.executionId);
    await waitUntil(
      async () => {
        const { rows } = await database.db.query(`select 1 from executions where execution_id = any($1::uuid[]) and status = 'success'`, [[old, recent]]);
        return rows.length === 2 || undefined;
      },
      { timeoutMs: 10_000, description: 'both runs in the executions read model' },
    );
    // The run becomes 200 days old (its row moves to the partition of that month), then the retention pass runs as the job would.
    await database.db.query(`update executions set created_at = created_at - interval '200 days' where execution_id = $1`, [old]);
    await applyExecutionRetention(database.db, { executionDays: 90, logDays: 30 }, [], { archiveDays: 365 });

    const hot = await api.get<{ data: Execution[] }>(`/api/v1/orgs/${orgId}/executions`, as);
    expect(hot.body.data.map((e) => e.executionId)).toStrictEqual([recent]);
    expect(hot.body.data[0]?.archived).toBe(false);
    const archived = await api.get<{ data: Execution[] }>(`/api/v1/orgs/${orgId}/executions?archived=true&workflowId=${workflow.body.id}`, as);
    expect(archived.status).toBe(200);
    expect(archived.body.data).toEqual([expect.objectContaining({ executionId: old, status: 'success', archived: true })]);

    expect((await api.get(`/api/v1/orgs/${orgId}/executions/${old}`, as)).status).toBe(404);
    const detail = await api.get<Execution>(`/api/v1/orgs/${orgId}/executions/${old}?archived=true`, as);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ executionId: old, status: 'success', archived: true });
    expect((await api.get(`/api/v1/orgs/${orgId}/executions/${recent}?archived=true`, as)).status).toBe(404);

    const bad = await api.get<{ detail: string }>(`/api/v1/orgs/${orgId}/executions?archived=yes`, as);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect((await api.get(`/api/v1/orgs/${orgId}/executions/${old}?archived=1`, as)).status).toBe(400);

    // Another organization's member: this organization does not exist for them (404), and nothing of it is in their own archive.
    expect((await api.get(`/api/v1/orgs/${orgId}/executions/${old}?archived=true`, { token: stranger.token })).status).toBe(404);
    const theirs = await api.get<{ data: Execution[] }>(`/api/v1/orgs/${strangerOrgId}/executions?archived=true`, { token: stranger.token });
    expect(theirs.body.data).toEqual([]);
    expect((await api.get(`/api/v1/orgs/${strangerOrgId}/executions/${old}?archived=true`, { token: stranger.token })).status).toBe(404);
  });
});
