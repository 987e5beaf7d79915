import { ApiClient, type StartedPlatform, type TestDatabase, type TestUser, createTestDatabase, registerUser, startPlatform, waitUntil } from '@weft/testing';

// An organization's subscription over HTTP against a started platform: the trial the
// subscription clock starts for a new organization, a plan change, cancellation at the
// trial's end and its withdrawal, the organization's own view following, and who may
// read and change it.

interface Subscription {
  planSlug: string;
  status: string;
  quantity: number;
  trialEndsAt: string | null;
  currentPeriodStart: string | null;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  endsAt: string | null;
}

let database: TestDatabase;
let platform: StartedPlatform;
let api: ApiClient;
let owner: TestUser;
let stranger: TestUser;
let root: string;
const superAdminEmail = `billing.limits.${Date.now()}@example.com`;
let orgId: string;
const path = () => `/api/v1/orgs/${orgId}/billing/subscription`;

beforeAll(async () => {
  database = await createTestDatabase();
  platform = await startPlatform({
    env: {
      DATABASE_URL: database.url,
      BILLING_CLOCK_INTERVAL_MS: '1000',
      TRIAL_DAYS: '14',
      WEFT_SUPER_ADMIN_EMAIL: superAdminEmail,
      WEFT_DEFAULT_PLAN_LIMITS: 'maxTeams=1',
    },
  });
  api = new ApiClient(platform.baseUrl);
  owner = await registerUser(api, 'Billing Owner');
  stranger = await registerUser(api, 'Stranger');
  const registered = await api.post<{ accessToken: string }>('/api/v1/auth/register', {
    name: 'Root',
    email: superAdminEmail,
    password: 'violet-kestrel-root-2026',
  });
  root = registered.body.accessToken;
  orgId = (await api.post<{ id: string }>('/api/v1/orgs', { name: 'Subscribed Org' }, { token: owner.token })).body.id;
}, 90_000);

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
});

describe('an organization’s subscription', () => {
  it('starts as a trial of the trial plan, ending when the organization’s trial does', async () => {
    const trial = await waitUntil(
      async () => {
        const answer = await api.get<Subscription>(path(), { token: owner.token });
        return answer.status === 200 ? answer.body : undefined;
      },
      { timeoutMs: 15_000, description: 'the trial started by the subscription clock' },
    );
    const organization = await api.get<{ trialEndsAt: string }>(`/api/v1/orgs/${orgId}`, { token: owner.token });
    expect(trial).toEqual({
      planSlug: 'pro',
      status: 'trial',
      quantity: 1,
      trialEndsAt: organization.body.trialEndsAt,
      currentPeriodStart: null,
      currentPeriodEnd: null,
      cancelAtPeriodEnd: false,
      endsAt: null,
    });
  });

  it('changes the plan, cancels at the trial’s end, and withdraws the cancellation when a plan is picked again', async () => {
    const as = { token: owner.token };
    const starter = await api.post<Subscription>(path(), { planSlug: 'starter' }, as);
    expect([starter.status, starter.body.planSlug, starter.body.status]).toEqual([200, 'starter', 'trial']);
    // The organization's own view follows billing's events (its projection; no read-your-writes across contexts).
    await waitUntil(
      async () => ((await api.get<{ subscriptionPlan: string }>(`/api/v1/orgs/${orgId}`, as)).body.subscriptionPlan === 'starter' ? true : undefined),
      { timeoutMs: 10_000, description: 'the organization on starter' },
    );

    const canceled = await api.delete<Subscription>(path(), as);
    expect(canceled.status).toBe(200);
    expect(canceled.body).toMatchObject({ cancelAtPeriodEnd: true, endsAt: starter.body.trialEndsAt, status: 'trial' });
    expect((await api.delete<Subscription>(path(), as)).body.cancelAtPeriodEnd).toBe(true);

    const kept = await api.post<Subscription>(path(), { planSlug: 'starter' }, as);
    expect(kept.body).toMatchObject({ planSlug: 'starter', cancelAtPeriodEnd: false, endsAt: null });
  });

  it('refuses an unknown plan, a bad body, members without billing rights and other organizations', async () => {
    const as = { token: owner.token };
    const unknown = await api.post<{ code: string }>(path(), { planSlug: 'platinum' }, as);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'plan.not_found']);
    expect((await api.post(path(), {}, as)).status).toBe(400);
    expect((await api.post(path(), { planSlug: 'pro', extra: 1 }, as)).status).toBe(400);
    const key = await api.post<{ key: string }>(`/api/v1/orgs/${orgId}/api-keys`, { name: 'member key' }, as);
    expect((await api.get(path(), { apiKey: key.body.key })).status).toBe(403);
    expect((await api.post(path(), { planSlug: 'free' }, { apiKey: key.body.key })).status).toBe(403);
    expect((await api.get(path(), { token: stranger.token })).status).toBe(404);
    // Outsiders: 404 on reads, 403 on writes, for existing and missing organizations alike (docs/security.md).
    expect((await api.delete(path(), { token: stranger.token })).status).toBe(403);
    expect((await api.get(path())).status).toBe(401);
  });

  it('enforces the subscribed plan’s limits where things are created: 402 with limit, used and max', async () => {
    const as = { token: owner.token };
    const tiny = { slug: 'tiny', name: 'Tiny', price: 100, limits: { workflows: 1, credentials: 5, team_members: 1 } };
    expect((await api.post('/api/v1/billing/plans', tiny, { token: root })).status).toBe(201);
    expect((await api.post<Subscription>(path(), { planSlug: 'tiny' }, as)).body.planSlug).toBe('tiny');
    const workflow = (name: string) =>
      api.post<{ code: string; limit: string; used: number; max: number }>(
        `/api/v1/orgs/${orgId}/workflows`,
        { name, nodes: [{ id: 'start', type: 'manualTrigger' }], connections: [] },
        as,
      );
    expect((await workflow('first')).status).toBe(201);
    const refused = await waitUntil(
      async () => {
        const answer = await workflow(`second-${Date.now()}`);
        return answer.status === 402 ? answer : undefined;
      },
      { timeoutMs: 10_000, description: 'the tiny plan’s workflow limit' },
    );
    expect(refused.body).toMatchObject({ code: 'plan.limit_reached', limit: 'maxWorkflows', used: 1, max: 1 });
    expect(refused.headers.get('content-type')).toContain('application/problem+json');

    // The owner is the one member the plan allows; teams are limited by the configured default (maxTeams=1), plans do not name teams.
    const invited = await api.post<{ limit: string; used: number; max: number }>(
      `/api/v1/orgs/${orgId}/invitations`,
      { email: 'new.member@example.com', role: 'member' },
      as,
    );
    expect([invited.status, invited.body]).toEqual([402, expect.objectContaining({ limit: 'maxMembers', used: 1, max: 1 })]);
    expect((await api.post(`/api/v1/orgs/${orgId}/teams`, { name: 'Alpha' }, as)).status).toBe(201);
    const secondTeam = await api.post<{ limit: string; used: number; max: number }>(`/api/v1/orgs/${orgId}/teams`, { name: 'Beta' }, as);
    expect([secondTeam.status, secondTeam.body]).toEqual([402, expect.objectContaining({ limit: 'maxTeams', used: 1, max: 1 })]);
  });
});
