import { ApiClient, type StartedPlatform, type TestDatabase, type TestUser, createTestDatabase, registerUser, startPlatform, waitUntil } from '@weft/testing';

// Usage and the limits metered usage enforces, over HTTP against a started platform:
// organizations move to small plans a super admin added, then run, call the API and
// store past them. Runs are refused with 402 however they start (API, webhook), API
// calls with 429 and Retry-After, and GET .../billing/usage reports what was used.

interface Measure {
  used: number;
  limit: number | null;
}
interface Usage {
  periodStart: string;
  periodEnd: string;
  executions: Measure;
  workflows: Measure;
  teamMembers: Measure;
  credentials: Measure;
  storageBytes: Measure;
  apiCallsThisHour: Measure;
}
interface Problem {
  code: string;
  limit: string;
  used: number;
  max: number;
}

let database: TestDatabase;
let platform: StartedPlatform;
let api: ApiClient;
let owner: TestUser;
let root: string;
const superAdminEmail = `billing.usage.${Date.now()}@example.com`;
const limited = (limits: Record<string, number>) => ({ price: 500, trialDays: 0, limits, sortOrder: 90 });

beforeAll(async () => {
  database = await createTestDatabase();
  platform = await startPlatform({
    env: { DATABASE_URL: database.url, BILLING_CLOCK_INTERVAL_MS: '1000', BILLING_STORAGE_INTERVAL_MS: '1000', WEFT_SUPER_ADMIN_EMAIL: superAdminEmail },
  });
  api = new ApiClient(platform.baseUrl);
  owner = await registerUser(api, 'Usage Owner');
  root = (await api.post<{ accessToken: string }>('/api/v1/auth/register', { name: 'Root', email: superAdminEmail, password: 'violet-kestrel-root-2026' })).body
    .accessToken;
  const plans: Record<string, Record<string, number>> = {
    'three-runs': { executions_per_month: 3 },
    'few-calls': { api_calls_per_hour: 60 },
    'no-storage': { storage_gb: 0 },
  };
  for (const [slug, limits] of Object.entries(plans)) {
    expect((await api.post('/api/v1/billing/plans', { slug, name: slug, ...limited(limits) }, { token: root })).status).toBe(201);
  }
}, 90_000);

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
});

const as = () => ({ token: owner.token });

/**
 * A new organization on `planSlug`, once its trial started (the subscription clock) and
 * the plan change reached its limits. Waits on the database, not the API: polling the
 * API would spend the organization's API calls.
 */
async function organizationOn(planSlug: string): Promise<string> {
  const orgId = (await api.post<{ id: string }>('/api/v1/orgs', { name: `On ${planSlug}` }, as())).body.id;
  const planOf = async (sql: string) => (await database.db.query<{ plan: string }>(sql, [orgId])).rows[0]?.plan;
  await waitUntil(async () => (await planOf('select plan_slug as plan from subscriptions where organization_id = $1')) !== undefined, {
    timeoutMs: 15_000,
    description: 'the trial',
  });
  expect((await api.post(`/api/v1/orgs/${orgId}/billing/subscription`, { planSlug }, as())).status).toBe(200);
  await waitUntil(async () => (await planOf('select subscription_plan as plan from organizations where id = $1')) === planSlug, {
    description: 'the organization on the plan',
  });
  return orgId;
}

const usageOf = async (orgId: string) => (await api.get<Usage>(`/api/v1/orgs/${orgId}/billing/usage`, as())).body;

async function webhookWorkflow(orgId: string, route: string): Promise<string> {
  const nodes = [
    { id: 'hook', type: 'webhookTrigger', properties: { path: route, method: 'POST', responseMode: 'onReceived' } },
    { id: 'start', type: 'manualTrigger' },
  ];
  const created = await api.post<{ id: string }>(`/api/v1/orgs/${orgId}/workflows`, { name: route, nodes, connections: [] }, as());
  expect(created.status).toBe(201);
  expect((await api.post(`/api/v1/orgs/${orgId}/workflows/${created.body.id}/activate`, {}, as())).status).toBe(200);
  return created.body.id;
}

describe('usage and its limits', () => {
  it('meters runs, refuses the run past executions_per_month with 402 however it starts, and reports it', async () => {
    const orgId = await organizationOn('three-runs');
    const route = `usage-${Date.now()}`;
    const workflowId = await webhookWorkflow(orgId, route);
    const run = `/api/v1/orgs/${orgId}/workflows/${workflowId}/run`;
    expect((await api.post(run, { wait: true }, as())).status).toBe(200);
    expect((await api.post(run, {}, as())).status).toBe(202);
    expect((await fetch(`${platform.baseUrl}/webhook/${route}`, { method: 'POST' })).status).toBe(202);

    const refused = await api.post<Problem>(run, { wait: true }, as());
    expect(refused.status).toBe(402);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'plan.limit_reached', limit: 'maxExecutionsPerMonth', used: 3, max: 3 });
    const hook = await fetch(`${platform.baseUrl}/webhook/${route}`, { method: 'POST' });
    expect([hook.status, ((await hook.json()) as Problem).code]).toEqual([402, 'plan.limit_reached']);

    const usage = await waitUntil(
      async () => {
        const answer = await usageOf(orgId);
        return answer.executions.used === 3 ? answer : undefined;
      },
      { description: 'the three runs metered' },
    );
    const now = new Date();
    expect(usage).toMatchObject({
      periodStart: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString(),
      executions: { used: 3, limit: 3 },
      workflows: { used: 1, limit: null },
      teamMembers: { used: 1, limit: null },
      credentials: { used: 0, limit: null },
      storageBytes: { limit: null },
    });
    // The refused runs left nothing behind: three executions in all.
    await waitUntil(async () => (await api.get<{ data: unknown[] }>(`/api/v1/orgs/${orgId}/executions`, as())).body.data.length === 3, {
      description: 'the three runs listed',
    });
    expect((await api.get<{ data: unknown[] }>(`/api/v1/orgs/${orgId}/executions`, as())).body.data).toHaveLength(3);
  });

  it('refuses API calls past api_calls_per_hour with 429 and Retry-After, and counts only the calls it let through', async () => {
    const orgId = await organizationOn('few-calls');
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the edge trusts a limit it read for a second
    const statuses: number[] = [];
    let refusal: Response | undefined;
    for (let i = 0; i < 70; i++) {
      const answer = await fetch(`${platform.baseUrl}/api/v1/orgs/${orgId}/billing/usage`, { headers: { authorization: `Bearer ${owner.token}` } });
      statuses.push(answer.status);
      if (answer.status === 429) refusal ??= answer;
      else await answer.body?.cancel();
    }
    // One call of the organization's API came before (the plan change): 59 more pass.
    expect(statuses.indexOf(429)).toBe(59);
    expect(statuses.slice(statuses.indexOf(429)).every((status) => status === 429)).toBe(true);
    const retryAfter = Number(refusal!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await refusal!.json()).toMatchObject({ code: 'plan.api_calls_exceeded', limit: 'maxApiCallsPerHour', max: 60, used: 60 });
    // Not an API call of the organization: the public plan list answers still.
    expect((await api.get('/api/v1/billing/plans')).status).toBe(200);
    const stored = await waitUntil(
      async () => {
        const { rows } = await database.db.query<{ quantity: string }>('select quantity::text as quantity from billing_api_calls where organization_id = $1', [
          orgId,
        ]);
        return rows[0]?.quantity === '60' ? rows[0] : undefined;
      },
      { description: 'the calls written by the meter' },
    );
    expect(stored.quantity).toBe('60');
  });

  it('measures storage and refuses runs past storage_gb with 402', async () => {
    const orgId = await organizationOn('no-storage');
    const route = `stored-${Date.now()}`;
    const workflowId = await webhookWorkflow(orgId, route);
    const run = `/api/v1/orgs/${orgId}/workflows/${workflowId}/run`;
    // Before the meter measured anything the organization stores nothing as far as the limit knows.
    await waitUntil(async () => (await usageOf(orgId)).storageBytes.used > 0, { timeoutMs: 20_000, description: 'the storage measured' });
    const refused = await waitUntil(
      async () => {
        const answer = await api.post<Problem>(run, {}, as());
        return answer.status === 402 ? answer : undefined;
      },
      { timeoutMs: 5_000, description: 'runs refused past the storage limit' },
    );
    expect(refused.body).toMatchObject({ code: 'plan.limit_reached', limit: 'maxStorageGb', max: 0 });
    expect((await usageOf(orgId)).storageBytes).toMatchObject({ limit: 0 });
  });

  it('lets only members read the usage', async () => {
    const orgId = (await api.post<{ id: string }>('/api/v1/orgs', { name: 'Private usage' }, as())).body.id;
    const stranger = await registerUser(api, 'Usage Stranger');
    expect((await api.get(`/api/v1/orgs/${orgId}/billing/usage`, { token: stranger.token })).status).toBe(404);
    expect((await api.get(`/api/v1/orgs/${orgId}/billing/usage`)).status).toBe(401);
    const key = (await api.post<{ key: string }>(`/api/v1/orgs/${orgId}/api-keys`, { name: 'member key' }, as())).body.key;
    expect((await api.get(`/api/v1/orgs/${orgId}/billing/usage`, { apiKey: key })).status).toBe(403);
  });
});
