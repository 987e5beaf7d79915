import { ApiClient, type StartedPlatform, type TestDatabase, type TestUser, createTestDatabase, registerUser, startPlatform, waitUntil } from '@weft/testing';

// Invoices and suspension over HTTP. The platform first runs without billing while an
// organization is set up; it is then restarted with billing on (trials ending at once),
// the local payment provider declining that organization's card and no retries: its
// first invoice goes uncollectible, the subscription unpaid, and its runs are refused
// with 402. Another organization's first invoice is paid.

interface Invoice {
  id: string;
  number: string;
  status: string;
  currency: string;
  subtotal: number;
  total: number;
  periodStart: string;
  periodEnd: string;
  dueDate: string | null;
  paidAt: string | null;
  attempts: number;
  lines: { description: string; quantity: number; unitAmount: number; amount: number }[];
}

let database: TestDatabase;
let platform: StartedPlatform;
let api: ApiClient;
let owner: TestUser;
let declinedOrg: string;
let payingOrg: string;
let workflowId: string;
const as = () => ({ token: owner.token });

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, TRIAL_DAYS: '0', BILLING_CLOCK_INTERVAL_MS: '1000' };
  const setup = await startPlatform({ env: { ...env, BILLING_TRIAL_PLAN: 'none' } });
  try {
    api = new ApiClient(setup.baseUrl);
    owner = await registerUser(api, 'Invoice Owner');
    declinedOrg = (await api.post<{ id: string }>('/api/v1/orgs', { name: 'Declined' }, as())).body.id;
    payingOrg = (await api.post<{ id: string }>('/api/v1/orgs', { name: 'Paying' }, as())).body.id;
    const nodes = [{ id: 'start', type: 'manualTrigger' }];
    workflowId = (await api.post<{ id: string }>(`/api/v1/orgs/${declinedOrg}/workflows`, { name: 'Suspended', nodes, connections: [] }, as())).body.id;
  } finally {
    await setup.stop();
  }
  platform = await startPlatform({
    env: { ...env, BILLING_TRIAL_PLAN: 'starter', BILLING_DUNNING_RETRY_DAYS: 'none', BILLING_LOCAL_DECLINED_ORGANIZATIONS: declinedOrg },
  });
  api = new ApiClient(platform.baseUrl);
}, 120_000);

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
});

const invoicesOf = async (orgId: string) => (await api.get<{ data: Invoice[] }>(`/api/v1/orgs/${orgId}/billing/invoices`, as())).body.data ?? [];
const firstInvoice = (orgId: string, status: string) =>
  waitUntil(
    async () => {
      const [invoice] = await invoicesOf(orgId);
      return invoice?.status === status ? invoice : undefined;
    },
    { timeoutMs: 30_000, description: `the first invoice ${status}` },
  );

describe('invoices over HTTP', () => {
  it('bills the first period at its start and collects it', async () => {
    const invoice = await firstInvoice(payingOrg, 'paid');
    expect(invoice).toMatchObject({
      number: expect.stringMatching(/^[0-9A-F]{8}-0001$/),
      currency: 'usd',
      subtotal: 2_900,
      total: 2_900,
      attempts: 1,
      paidAt: expect.any(String),
      lines: [{ description: expect.stringContaining('starter'), quantity: 1, unitAmount: 2_900, amount: 2_900 }],
    });
    const detail = await api.get<Invoice>(`/api/v1/orgs/${payingOrg}/billing/invoices/${invoice.id}`, as());
    expect([detail.status, detail.body]).toEqual([200, invoice]);
    // Another organization's invoice, and a made-up id, are simply not found.
    expect((await api.get(`/api/v1/orgs/${declinedOrg}/billing/invoices/${invoice.id}`, as())).status).toBe(404);
    expect((await api.get(`/api/v1/orgs/${payingOrg}/billing/invoices/not-an-invoice`, as())).status).toBe(404);
    const stranger = await registerUser(api, 'Invoice Stranger');
    expect((await api.get(`/api/v1/orgs/${payingOrg}/billing/invoices`, { token: stranger.token })).status).toBe(404);
    expect((await api.post<{ code: string }>(`/api/v1/orgs/${payingOrg}/billing/invoices/${invoice.id}/pay`, {}, as())).body.code).toBe('invoice.not_payable');
    // A weaker role: an API key acts as a member, without billing:read or billing:manage.
    const key = (await api.post<{ key: string }>(`/api/v1/orgs/${payingOrg}/api-keys`, { name: 'member key' }, as())).body.key;
    expect((await api.get(`/api/v1/orgs/${payingOrg}/billing/invoices/${invoice.id}`, { apiKey: key })).status).toBe(403);
    expect((await api.post(`/api/v1/orgs/${payingOrg}/billing/invoices/${invoice.id}/pay`, {}, { apiKey: key })).status).toBe(403);
    // The pay route takes no body: one that claims an amount or a status changes nothing.
    const hostile = await api.post<{ code: string }>(`/api/v1/orgs/${payingOrg}/billing/invoices/${invoice.id}/pay`, { amount: -1, status: 'paid' }, as());
    expect([hostile.status, hostile.body.code]).toEqual([409, 'invoice.not_payable']);
    expect((await api.get<Invoice>(`/api/v1/orgs/${payingOrg}/billing/invoices/${invoice.id}`, as())).body).toEqual(invoice);
  });

  it('suspends an organization whose invoice went unpaid: its runs are refused with 402, its data kept', async () => {
    const invoice = await firstInvoice(declinedOrg, 'uncollectible');
    expect(invoice).toMatchObject({ attempts: 1, paidAt: null, total: 2_900 });
    await waitUntil(
      async () => (await api.get<{ status: string }>(`/api/v1/orgs/${declinedOrg}/billing/subscription`, as())).body.status === 'unpaid' || undefined,
      {
        description: 'the subscription unpaid',
      },
    );
    const refused = await waitUntil(
      async () => {
        const answer = await api.post<{ code: string }>(`/api/v1/orgs/${declinedOrg}/workflows/${workflowId}/run`, { wait: true }, as());
        return answer.status === 402 ? answer : undefined;
      },
      { timeoutMs: 5_000, description: 'runs refused' },
    );
    expect(refused.body.code).toBe('billing.suspended');
    expect((await api.get(`/api/v1/orgs/${declinedOrg}/workflows/${workflowId}`, as())).status).toBe(200);
    // Paying by hand tries once more (the card is still declined here): recorded, still owed.
    const retried = await api.post<Invoice>(`/api/v1/orgs/${declinedOrg}/billing/invoices/${invoice.id}/pay`, {}, as());
    expect([retried.status, retried.body.status, retried.body.attempts]).toEqual([200, 'uncollectible', 2]);
  });
});
