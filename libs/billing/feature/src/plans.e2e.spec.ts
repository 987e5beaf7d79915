import { ApiClient, type StartedPlatform, type TestDatabase, type TestUser, createTestDatabase, registerUser, startPlatform } from '@weft/testing';

// The plan catalogue over HTTP against a started platform (PostgreSQL server): the public
// list of the seeded plans, a super admin adding, changing and retiring plans (and nobody
// else), money in integer minor units, bad terms as 400s naming the field, and seeding
// that adds nothing twice and leaves a changed plan as it was across a restart.

interface Plan {
  slug: string;
  name: string;
  price: number;
  currency: string;
  limits: Record<string, number | null>;
  version?: number;
  isActive?: boolean;
}
interface Problem {
  code: string;
  errors?: { field: string }[];
}

let database: TestDatabase;
let platform: StartedPlatform;
let api: ApiClient;
let root: TestUser;
let someone: TestUser;
const superAdminEmail = `billing.root.${Date.now()}@example.com`;
const start = async () => {
  platform = await startPlatform({ env: { DATABASE_URL: database.url, WEFT_SUPER_ADMIN_EMAIL: superAdminEmail } });
  api = new ApiClient(platform.baseUrl);
};
const plans = async () => (await api.get<{ data: Plan[] }>('/api/v1/billing/plans')).body.data;

beforeAll(async () => {
  database = await createTestDatabase();
  await start();
  someone = await registerUser(api, 'Someone');
  const registered = await api.post<{ user: { id: string }; accessToken: string }>('/api/v1/auth/register', {
    name: 'Root',
    email: superAdminEmail,
    password: 'violet-kestrel-root-2026',
  });
  root = { id: registered.body.user.id, name: 'Root', email: superAdminEmail, password: '', token: registered.body.accessToken };
}, 90_000);

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
});

describe('the plan catalogue', () => {
  it('lists the seeded plans publicly, in order, with money in minor units and the reference limit names', async () => {
    const answer = await api.get<{ data: Plan[] }>('/api/v1/billing/plans');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('public, max-age=60');
    expect(answer.body.data.map((plan) => [plan.slug, plan.price, plan.currency])).toEqual([
      ['free', 0, 'usd'],
      ['starter', 2_900, 'usd'],
      ['pro', 9_900, 'usd'],
      ['enterprise', 49_900, 'usd'],
    ]);
    expect(Object.keys(answer.body.data[0]!).sort()).toEqual(
      ['currency', 'description', 'features', 'interval', 'intervalCount', 'limits', 'name', 'price', 'slug', 'sortOrder', 'trialDays'].sort(),
    );
    expect(answer.body.data[3]!.limits).toEqual({
      workflows: null,
      executions_per_month: null,
      team_members: null,
      credentials: null,
      storage_gb: null,
      api_calls_per_hour: null,
    });
  });

  it('lets only a super admin add a plan, and refuses bad terms naming the field', async () => {
    const body = { slug: 'team', name: 'Team', price: 1_900, trialDays: 7, limits: { workflows: 10 }, sortOrder: 15 };
    expect((await api.post('/api/v1/billing/plans', body)).status).toBe(401);
    expect((await api.post('/api/v1/billing/plans', body, { token: someone.token })).status).toBe(403);
    const added = await api.post<Plan>('/api/v1/billing/plans', body, { token: root.token });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ slug: 'team', price: 1_900, version: 1, isActive: true, limits: { workflows: 10, credentials: null } });
    expect((await plans()).map((plan) => plan.slug)).toEqual(['free', 'starter', 'team', 'pro', 'enterprise']);

    expect((await api.post<Problem>('/api/v1/billing/plans', body, { token: root.token })).body.code).toBe('plan.exists');
    const refused = async (extra: Record<string, unknown>, field: string) => {
      const answer = await api.post<Problem>('/api/v1/billing/plans', { ...body, slug: 'other', ...extra }, { token: root.token });
      expect([answer.status, answer.headers.get('content-type'), answer.text]).toEqual([
        400,
        expect.stringContaining('problem+json'),
        expect.stringContaining(field),
      ]);
    };
    await refused({ price: 19.99 }, 'price');
    await refused({ currency: 'USD' }, 'currency');
    await refused({ limits: { seats: 3 } }, 'limits.seats');
    await refused({ trialDays: 1_000 }, 'trialDays');
    await refused({ slug: 'Not A Slug' }, 'slug');
  });

  it('changes a plan as a new version, and retires it out of the list; a retired plan takes no change', async () => {
    const as = { token: root.token };
    expect((await api.patch('/api/v1/billing/plans/team', { price: 2_500 }, { token: someone.token })).status).toBe(403);
    const changed = await api.patch<Plan>('/api/v1/billing/plans/team', { price: 2_500, limits: { credentials: 5 } }, as);
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ price: 2_500, version: 2, limits: { workflows: 10, credentials: 5 } });
    expect((await plans()).find((plan) => plan.slug === 'team')?.price).toBe(2_500);
    expect((await api.patch('/api/v1/billing/plans/nope', { price: 1 }, as)).status).toBe(404);
    expect((await api.patch('/api/v1/billing/plans/..%2Fx', { price: 1 }, as)).status).toBe(404);

    expect((await api.delete('/api/v1/billing/plans/team', { token: someone.token })).status).toBe(403);
    expect((await api.delete('/api/v1/billing/plans/team', as)).status).toBe(204);
    expect((await api.delete('/api/v1/billing/plans/team', as)).status).toBe(204);
    expect((await plans()).map((plan) => plan.slug)).not.toContain('team');
    const afterRetire = await api.patch<Problem>('/api/v1/billing/plans/team', { price: 1 }, as);
    expect([afterRetire.status, afterRetire.body.code]).toEqual([409, 'plan.retired']);
    expect((await api.delete('/api/v1/billing/plans/nope', as)).status).toBe(404);
  });

  it('seeds nothing twice across a restart, and keeps a seeded plan a super admin changed', async () => {
    expect((await api.patch<Plan>('/api/v1/billing/plans/free', { price: 0, limits: { workflows: 3 } }, { token: root.token })).status).toBe(200);
    await platform.stop();
    await start();
    const after = await plans();
    expect(after.map((plan) => plan.slug)).toEqual(['free', 'starter', 'pro', 'enterprise']);
    expect(after[0]!.limits['workflows']).toBe(3);
    const { rows } = await database.db.query<{ count: number }>("select count(*)::int as count from events where type = 'PlanAdded'");
    expect(rows[0]?.count).toBe(5);
  });
});
