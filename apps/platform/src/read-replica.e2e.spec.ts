import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  ApiClient,
  type ReplicatedPostgres,
  type StartedPlatform,
  type TestUser,
  registerUser,
  startPlatform,
  startReplicatedPostgres,
  waitUntil,
} from '@weft/testing';

// The platform with DATABASE_URL on a primary and DATABASE_READ_URL on its streaming
// replica (two clusters the harness makes): the query APIs read the replica, a client
// reads its own writes through it even while replay is paused, and a replica that goes
// away leaves the service degraded, not down.

const MAX_WAIT_MS = 400;

describe('the platform reading from a streaming replica (DATABASE_READ_URL)', () => {
  let cluster: ReplicatedPostgres;
  let platform: StartedPlatform;
  let api: ApiClient;
  let owner: TestUser;
  let orgId: string;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-e2e-replica-'));

  const createWorkflow = async (name: string) => {
    const created = await api.post<{ id: string }>(`/api/v1/orgs/${orgId}/workflows`, { name, nodes: [], connections: [] }, { token: owner.token });
    expect(created.status).toBe(201);
    return created.body.id;
  };
  const readiness = async () => (await (await fetch(`${platform.baseUrl}/health/ready`)).json()) as { status: string; checks: Record<string, string> };
  /** The platform's connections to the replica, by the application name its read pool gives them. */
  const replicaConnections = async () => {
    const client = new pg.Client({ connectionString: cluster.replicaUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ count: string }>(`select count(*) from pg_stat_activity where application_name = 'weft-platform-reads'`);
      return Number(rows[0]!.count);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    cluster = await startReplicatedPostgres();
    platform = await startPlatform({
      env: { WEFT_DATA_DIR: dataDir, DATABASE_URL: cluster.primaryUrl, DATABASE_READ_URL: cluster.replicaUrl, READ_REPLICA_MAX_WAIT_MS: String(MAX_WAIT_MS) },
    });
    api = new ApiClient(platform.baseUrl);
    owner = await registerUser(api, 'Replica Owner');
    const org = await api.post<{ id: string }>('/api/v1/orgs', { name: 'Replica Industries' }, { token: owner.token });
    expect(org.status).toBe(201);
    orgId = org.body.id;
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
    await cluster?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    await cluster.resumeReplay().catch(() => undefined);
  });

  it('says it reads the replica, which is ready, and serves the query APIs from it', async () => {
    expect(platform.output()).toContain(`query APIs reading its replica at 127.0.0.1:${new URL(cluster.replicaUrl).port}/weft`);
    expect(await readiness()).toMatchObject({ status: 'ready', checks: { database: 'up', readReplica: 'up' } });
    const id = await createWorkflow('Read from the replica');
    expect((await api.get(`/api/v1/orgs/${orgId}/workflows/${id}`, { token: owner.token })).status).toBe(200);
    expect(await replicaConnections()).toBeGreaterThan(0);
  });

  it('finds a workflow just created while the replica replays nothing: the read waits (bounded), then asks the primary', async () => {
    await cluster.pauseReplay();
    const id = await createWorkflow('Created during replica lag');
    const started = performance.now();
    const read = await api.get<{ id: string; name: string }>(`/api/v1/orgs/${orgId}/workflows/${id}`, { token: owner.token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, name: 'Created during replica lag' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(MAX_WAIT_MS - 10);
    const list = await api.get<{ data: { id: string }[] }>(`/api/v1/orgs/${orgId}/workflows?limit=100`, { token: owner.token });
    expect(list.body.data.map((workflow) => workflow.id)).toContain(id);
  });

  it('keeps answering from the primary while the replica is down (degraded, logged once), and reads the replica again once it is back', async () => {
    const id = await createWorkflow('Outlives the replica');
    await cluster.stopReplica();
    for (let attempt = 0; attempt < 5; attempt++) expect((await api.get(`/api/v1/orgs/${orgId}/workflows/${id}`, { token: owner.token })).status).toBe(200);
    const degraded = await readiness();
    expect(degraded.status).toBe('ready');
    expect(degraded.checks['readReplica']).toMatch(/^degraded: .*the query APIs read the primary$/);
    expect(platform.output().match(/the read replica failed/g)).toHaveLength(1);

    await cluster.startReplica();
    await waitUntil(async () => (await readiness()).checks['readReplica'] === 'up', { timeoutMs: 20_000, description: 'the replica serving again' });
    expect(platform.output()).toContain('the read replica answers again');
    const afterwards = await createWorkflow('After the replica came back');
    expect((await api.get(`/api/v1/orgs/${orgId}/workflows/${afterwards}`, { token: owner.token })).status).toBe(200);
    expect(await replicaConnections()).toBeGreaterThan(0);
  });
});
