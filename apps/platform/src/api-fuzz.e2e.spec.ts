import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import {
  ApiClient,
  type StartedPlatform,
  type Tenant,
  type TestDatabase,
  type TestUser,
  createTenant,
  createTestDatabase,
  startPlatform,
  tenantReadRoutes,
  waitUntil,
} from '@weft/testing';
import { type Schema } from './api-fuzz.arbitraries.js';
import {
  type FuzzRequest,
  type OpenApiDocument,
  type Operation,
  type Principal,
  type RequestContext,
  describeRequest,
  operationsOf,
  requestsFor,
} from './api-fuzz.requests.js';
import { type StoredState, type VictimRef, eventsSince, storedState } from './api-fuzz.state.js';

// Property-based fuzzing of the whole public API: every operation of the served OpenAPI
// document (and the webhook entries it leaves out) gets malformed bodies, hostile
// nesting, wrong types, foreign and junk ids and bad query strings, from tenant A's
// owner, member and API key, from nobody, and with forged credentials. Properties:
// nothing answers 5xx; every 4xx is application/problem+json with its status; the
// process stays healthy; and tenant B (the victim, with one of every resource) is
// exactly as it was, through its owner's eyes and in the database.
//
// Deterministic and bounded: FUZZ_SEED (default below, printed) and FUZZ_RUNS requests
// per operation (default 250: some 15,000 requests, about a minute and a half on two cores).
// FUZZ_OPERATIONS, a regular expression over `METHOD /path`, narrows the run, e.g. to
// replay one failure with the seed and path fast-check prints:
// FUZZ_OPERATIONS='^PATCH /api/v1/me$' FUZZ_RUNS=1000 for a longer look at one operation.

const SEED = Number(process.env['FUZZ_SEED'] ?? 20_261_207);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 250);
/** How long one operation's runs (and shrinking) may take: far above the 5–10 ms a request takes, only a guard. */
const OPERATION_BUDGET_MS = 10_000 + RUNS * 250;
const ONLY = new RegExp(process.env['FUZZ_OPERATIONS'] ?? '');
/** The platform's default BODY_LIMIT_BYTES. */
const BODY_LIMIT_BYTES = 1_048_576;

let platform: StartedPlatform;
let database: TestDatabase;
let api: ApiClient;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-api-fuzz-'));
let a: Tenant;
let b: Tenant;
let bGuardedHook: { path: string; workflowId: string; credentialId: string };
let operations: Operation[];
let components: Record<string, Schema>;
let victim: VictimRef;
let beforeRun: { answers: string[]; stored: StoredState };

/** A's callers; a fuzzed logout or key revocation replaces them (restoreCallers). */
const callers = { owner: '', member: '', apiKey: '' };

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** Well-formed tokens claiming A's owner as a super admin: one signed with a key the platform never had, one unsigned. */
const forgedToken = (subject: string) => {
  const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ sub: subject, role: 'super_admin', exp: 4_102_444_800 })}`;
  return `${unsigned}.${createHmac('sha256', randomBytes(32)).update(unsigned).digest('base64url')}`;
};
const unsignedToken = (subject: string) => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: subject, role: 'super_admin' })}.`;

function credentialHeaders(principal: Principal): Record<string, string> {
  switch (principal) {
    case 'owner':
    case 'member':
      return { authorization: `Bearer ${callers[principal]}` };
    case 'apiKey':
      return { 'x-api-key': callers.apiKey };
    case 'forged':
      return { authorization: `Bearer ${forgedToken(a.owner.id)}` };
    case 'garbage':
      return { authorization: `Bearer ${unsignedToken(a.owner.id)}`, 'x-api-key': 'weft_forged_key' };
    case 'anonymous':
      return {};
  }
}

/** B's second webhook, behind header authentication: the fuzzer may call it, never pass it. */
async function guardedHook(t: Tenant) {
  const as = { token: t.owner.token };
  const credential = await api.post<{ id: string }>(
    `/api/v1/orgs/${t.orgId}/credentials`,
    { name: 'Hook secret', type: 'httpHeaderAuth', data: { name: 'X-Hook-Secret', value: randomBytes(16).toString('hex') } },
    as,
  );
  const hook = {
    id: 'hook',
    type: 'webhookTrigger',
    properties: { path: 'beta-guarded', method: 'POST', authentication: 'header' },
    credentials: { id: credential.body.id },
  };
  const workflow = await api.post<{ id: string }>(`/api/v1/orgs/${t.orgId}/workflows`, { name: 'Guarded hook', nodes: [hook], connections: [] }, as);
  const activation = await api.post(`/api/v1/orgs/${t.orgId}/workflows/${workflow.body.id}/activate`, {}, as);
  expect([credential.status, workflow.status, activation.status]).toEqual([201, 201, 200]);
  return { path: 'beta-guarded', workflowId: workflow.body.id, credentialId: credential.body.id };
}

function requestContext(): RequestContext {
  const ids = [a, b].flatMap((t) => [...Object.values(t.fixtures).filter((value) => value.length === 36), t.owner.id]);
  // B's public webhook (createTenant's) is left out: a run it starts is B's own business, not a leak.
  const special: Record<string, string[]> = {
    // A's own webhook three times over: the one path whose calls get past routing into a run.
    path: [
      a.webhookPath,
      a.webhookPath,
      a.webhookPath,
      bGuardedHook.path,
      `${bGuardedHook.path}/x`,
      `${a.webhookPath}/x`,
      'nope',
      encodeURIComponent('😀'),
      '%00',
    ],
    userId: [a.owner.id, a.member.id, b.owner.id, b.member.id],
    token: [a.fixtures['token'] ?? '', a.pendingInvitationToken, b.pendingInvitationToken],
    version: ['1', '2', '0', '-1', '1.5', '9007199254740993', 'abc'],
    // Billing's plans (platform-wide; their writes are the super admin's, whom the fuzz never is).
    slug: ['free', 'enterprise', 'nope', 'Not A Slug', '..', '%00'],
    // Invoice ids of the shape billing derives (the tenants are in their trials: none exists), and others.
    invoiceId: [`${a.orgId}_20260101T000000Z`, `${b.orgId}_20260101T000000Z`, 'nope', '..', '%00', `${b.orgId}_x`],
  };
  return {
    components,
    ids,
    pathValues(name) {
      const values = special[name] ?? [a, b].map((t) => t.fixtures[name]).filter((value): value is string => value !== undefined);
      if (values.length === 0) throw new Error(`No fuzz values for path parameter {${name}}: add them to requestContext().`);
      return values;
    },
  };
}

async function login(user: TestUser): Promise<string> {
  const answer = await api.post<{ accessToken: string }>('/api/v1/auth/login', { email: user.email, password: user.password });
  if (answer.status !== 200) throw new Error(`cannot sign ${user.email} in again: ${answer.status} ${answer.text}`);
  return answer.body.accessToken;
}

/** Undoes what a fuzzed request may have done to A's callers (logout, key revocation, removal, role change). */
async function restoreCallers(): Promise<void> {
  if ((await api.get('/api/v1/me', { token: callers.owner })).status === 401) callers.owner = await login(a.owner);
  if ((await api.get('/api/v1/me', { token: callers.member })).status === 401) callers.member = await login(a.member);
  const members = await api.get<{ data: { userId: string; role: string }[] }>(`/api/v1/orgs/${a.orgId}/members?limit=250`, { token: callers.owner });
  const roleOf = (user: TestUser) => members.body.data?.find((member) => member.userId === user.id)?.role;
  if (roleOf(a.owner) !== 'owner') {
    // Only an owner can have made it so: the member, promoted by the fuzzer.
    const back = await api.patch(`/api/v1/orgs/${a.orgId}/members/${a.owner.id}`, { role: 'owner' }, { token: callers.member });
    if (back.status !== 200) throw new Error(`A's owner lost the organization (${members.text}) and cannot get it back: ${back.status} ${back.text}`);
  }
  if (roleOf(a.member) === undefined) {
    const invitation = await api.post<{ token: string }>(
      `/api/v1/orgs/${a.orgId}/invitations`,
      { email: a.member.email, role: 'member' },
      { token: callers.owner },
    );
    await api.post(`/api/v1/invitations/${invitation.body.token}/accept`, undefined, { token: callers.member });
  } else if (roleOf(a.member) !== 'member') await api.patch(`/api/v1/orgs/${a.orgId}/members/${a.member.id}`, { role: 'member' }, { token: callers.owner });
  if ((await api.get(`/api/v1/orgs/${a.orgId}`, { apiKey: callers.apiKey })).status === 401) {
    callers.apiKey = (await api.post<{ key: string }>(`/api/v1/orgs/${a.orgId}/api-keys`, { name: 'Fuzz key' }, { token: callers.owner })).body.key;
  }
}

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

async function send(request: FuzzRequest, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(`${platform.baseUrl}${request.target}`, {
    method: request.method,
    headers,
    body: request.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

// A webhook's own authentication refuses with n8n's texts, as n8n does (docs/executions.md): the workflow's answer, not the API's.
const N8N_AUTH_REFUSALS = ['Authorization is required!', 'Authorization data is wrong!'];
const isWebhookAuthRefusal = (request: FuzzRequest, answer: Answer) =>
  request.target.startsWith('/webhook/') && [401, 403].includes(answer.status) && N8N_AUTH_REFUSALS.includes(answer.text);

/** Why `answer` breaks the properties, or undefined. */
function violation(request: FuzzRequest, answer: Answer): string | undefined {
  if (answer.status >= 500) return 'a 5xx';
  if (answer.status < 400 || request.method === 'HEAD' || isWebhookAuthRefusal(request, answer)) return undefined;
  if (!answer.contentType.startsWith('application/problem+json')) return 'a 4xx that is not application/problem+json';
  const status = problemStatus(answer.text);
  return status === answer.status ? undefined : `a problem whose status (${String(status)}) is not the HTTP status`;
}

function problemStatus(text: string): unknown {
  try {
    return (JSON.parse(text) as { status?: unknown }).status;
  } catch {
    return 'not JSON';
  }
}

/** The platform's log line for a 5xx (found by the problem's requestId): the stack says where it failed. */
function loggedError(answer: Answer): string {
  const requestId = /"requestId":"([^"]+)"/.exec(answer.text)?.[1];
  const line =
    requestId === undefined
      ? undefined
      : platform
          .output()
          .split('\n')
          .find((entry) => entry.includes(`request ${requestId} failed`));
  return line === undefined ? '' : `\n  logged ${line.slice(0, 700)}`;
}

const statuses = new Map<number, number>();
const errorLines = (output: string) =>
  output
    .split('\n')
    .filter((line) => /"level":"(error|fatal)"/.test(line))
    .map((line) => line.slice(0, 1_000));

async function checkRequest(request: FuzzRequest): Promise<void> {
  const headers = { ...credentialHeaders(request.principal), ...request.headers };
  let answer: Answer;
  try {
    answer = await send(request, headers);
  } catch (error) {
    // A body over the limit is refused with 413 before it is read, and the connection closed: the client may see the close first.
    if (Buffer.byteLength(request.body ?? '') > BODY_LIMIT_BYTES) return;
    throw new Error(`no answer (${String(error)}: ${String((error as { cause?: unknown }).cause)})\n${describeRequest(request, headers)}`);
  }
  statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
  const broken = violation(request, answer);
  if (broken !== undefined)
    throw new Error(
      `${broken}\n${describeRequest(request, headers)}\n  answer ${answer.status} ${answer.contentType} ${answer.text.slice(0, 300)}${loggedError(answer)}`,
    );
}

// A stable seed per operation, so adding an operation does not change the others' requests.
const seedOf = (operation: Operation) =>
  [...`${operation.method} ${operation.template}`].reduce((hash, char) => Math.imul(hash ^ char.charCodeAt(0), 16_777_619) >>> 0, SEED >>> 0);

/** Everything B's owner can read of B, exactly (B's API key is never used, so no lastUsedAt moves either). */
async function victimAnswers(): Promise<string[]> {
  const org = `/api/v1/orgs/${b.orgId}`;
  const routes = [
    ...tenantReadRoutes(b),
    '/api/v1/me',
    '/api/v1/orgs',
    `${org}/workflows/${bGuardedHook.workflowId}`,
    `${org}/credentials/${bGuardedHook.credentialId}`,
    `${org}/executions/${b.fixtures['executionId']}/logs`,
  ];
  return Promise.all(routes.map(async (route) => `${route} ${(await api.get(route, { token: b.owner.token })).text}`));
}

beforeAll(async () => {
  database = await createTestDatabase();
  // The subscription clock every second: tenant B's trial starts (and is settled below) before the baseline is taken.
  platform = await startPlatform({ env: { DATABASE_URL: database.url, WEFT_DATA_DIR: dataDir, BILLING_CLOCK_INTERVAL_MS: '1000' } });
  api = new ApiClient(platform.baseUrl);
  a = await createTenant(api, 'Alpha');
  b = await createTenant(api, 'Beta');
  bGuardedHook = await guardedHook(b);
  Object.assign(callers, { owner: a.owner.token, member: a.member.token, apiKey: a.apiKey });
  const document = (await api.get<OpenApiDocument>('/docs/openapi.json')).body;
  components = document.components?.schemas ?? {};
  operations = operationsOf(document).filter((operation) => ONLY.test(`${operation.method} ${operation.template}`));
  victim = { orgId: b.orgId, userIds: [b.owner.id, b.member.id] };
  // The subscription clock starts each new organization's trial (platform activity, not the fuzz's): let it settle first.
  await waitUntil(
    async () => {
      const { rows } = await database.db.query('select 1 from organizations where id = $1 and subscription_plan is not null', [b.orgId]);
      const subscription = await api.get(`/api/v1/orgs/${b.orgId}/billing/subscription`, { token: b.owner.token });
      return rows.length === 1 && subscription.status === 200 ? true : undefined;
    },
    { timeoutMs: 30_000, description: 'tenant B’s trial started and projected' },
  );
  // Billing's usage projection gathers live events for half a second (its linger): take the baseline once B's rows hold still.
  let stored = await storedState(database.db, victim);
  await waitUntil(
    async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const again = await storedState(database.db, victim);
      const still = JSON.stringify(again.readModels) === JSON.stringify(stored.readModels);
      stored = again;
      return still ? true : undefined;
    },
    { timeoutMs: 30_000, description: 'tenant B’s read models at rest' },
  );
  beforeRun = { answers: await victimAnswers(), stored };
}, 120_000);

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('API fuzzing (every operation of the OpenAPI document)', () => {
  it(
    'answers hostile requests to every operation without a 5xx, 4xx as problem+json, and stays healthy',
    async () => {
      expect(operations.length).toBeGreaterThan(0);
      const context = requestContext();
      console.log(`api fuzz: seed ${SEED} (FUZZ_SEED), ${RUNS} runs per operation (FUZZ_RUNS), ${operations.length} operations`);
      const failures: string[] = [];
      const started = Date.now();
      const logFrom = platform.output().length;
      for (const operation of operations) {
        await restoreCallers();
        const property = fc.asyncProperty(requestsFor(operation, context), checkRequest);
        const details = await fc.check(property, {
          seed: seedOf(operation),
          numRuns: RUNS,
          includeErrorInReport: true,
          plugins: [fc.interruptAfterTimeLimit(OPERATION_BUDGET_MS, { failOnInterrupt: true })],
        });
        if (details.failed) failures.push(`${operation.method} ${operation.template}: ${fc.defaultReportMessage(details)}`);
      }
      console.log(
        `api fuzz: ${[...statuses]
          .sort(([x], [y]) => x - y)
          .map(([status, n]) => `${status}×${n}`)
          .join(' ')} in ${Math.round((Date.now() - started) / 1000)} s`,
      );
      const health = { live: (await fetch(`${platform.baseUrl}/health/live`)).status, ready: (await fetch(`${platform.baseUrl}/health/ready`)).status };
      // A failure behind a 4xx or a 2xx (a run, a projection) is logged as an error: none may be.
      const errors = failures.length === 0 ? errorLines(platform.output().slice(logFrom)) : ['(see the failures: their 5xx are logged)'];
      expect({ failures, errors, health }).toEqual({ failures: [], errors: [], health: { live: 200, ready: 200 } });
    },
    Math.max(600_000, RUNS * 4_000),
  );

  it('leaves tenant B exactly as it was: its answers, its events and its read-model rows', async () => {
    expect(statuses.size).toBeGreaterThan(0); // the fuzzing above ran
    expect(await eventsSince(database.db, victim, beforeRun.stored)).toEqual([]);
    expect(await storedState(database.db, victim)).toEqual({ ...beforeRun.stored, lastPosition: expect.any(String) });
    expect(await victimAnswers()).toEqual(beforeRun.answers);
  });
});
