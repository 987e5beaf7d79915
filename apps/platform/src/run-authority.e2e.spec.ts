import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ApiClient, type StartedPlatform, type TestDatabase, type TestUser, createTestDatabase, registerUser, startPlatform, waitUntil } from '@weft/testing';

// A run's authority over credentials (docs/credentials.md, "Whose authority a run has"):
// the principal who last saved, published or activated what it runs, never who edits it
// afterwards or who calls its webhook. An outside probe had a member edit an owner's
// workflow to send the owner's private secret to a URL of their choosing; every way in
// is tried here: create, update, publish, activate, and runs started by webhook,
// schedule, manual and API calls, retries, sub-workflows and error workflows.

interface Execution {
  executionId: string;
  status: string;
  error: unknown;
}

let platform: StartedPlatform;
let database: TestDatabase;
let api: ApiClient;
let owner: TestUser;
let member: TestUser;
let orgId: string;
let apiKey: string;
let upstream: Server;
let upstreamUrl: string;
/** Every call the upstream got: path and the Authorization it carried. */
const calls: { path: string; authorization: string | undefined }[] = [];
const failing = new Set<string>();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-run-authority-'));
const OWNER_SECRET = `owner-secret-${Date.now()}`;
const SHARED_SECRET = `shared-secret-${Date.now()}`;
let privateCredential: string;
let sharedCredential: string;
let counter = 0;
const unique = (name: string) => `${name}-${++counter}-${Date.now()}`;
const as = (user: TestUser) => ({ token: user.token });
const wf = (id: string, suffix = '') => `/api/v1/orgs/${orgId}/workflows/${id}${suffix}`;
const callsTo = (pathname: string) => calls.filter((call) => call.path === pathname);

/** An HTTP Request node calling the upstream at `pathname` with the credential. */
const callNode = (id: string, pathname: string, credentialId?: string) => ({
  id,
  type: 'httpRequest',
  properties: { method: 'GET', url: `${upstreamUrl}${pathname}`, ...(credentialId ? { authentication: 'bearer' } : {}) },
  ...(credentialId ? { credentials: { id: credentialId } } : {}),
});
const chain = (...ids: string[]) => ids.slice(1).map((id, i) => ({ source: ids[i], target: id }));
const manual = (pathname: string, credentialId: string) => ({
  nodes: [{ id: 'start', type: 'manualTrigger' }, callNode('call', pathname, credentialId)],
  connections: chain('start', 'call'),
});
const webhook = (route: string, pathname: string, credentialId: string) => ({
  nodes: [
    { id: 'hook', type: 'webhookTrigger', properties: { path: route, method: 'POST', responseMode: 'lastNode' } },
    callNode('call', pathname, credentialId),
  ],
  connections: chain('hook', 'call'),
});

async function createWorkflow(by: TestUser, name: string, definition: object): Promise<{ id: string; version: number }> {
  const created = await api.post<{ id: string; version: number }>(`/api/v1/orgs/${orgId}/workflows`, { name, ...definition }, as(by));
  expect(created.status).toBe(201);
  return created.body;
}

async function runAndWait(id: string, by: { token: string } | { apiKey: string }): Promise<Execution> {
  const run = await api.post<Execution>(wf(id, '/run'), { wait: true }, by);
  expect(run.status).toBe(200);
  return run.body;
}

beforeAll(async () => {
  upstream = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://upstream').pathname;
    calls.push({ path: pathname, authorization: request.headers.authorization });
    const fail = failing.delete(pathname);
    response.writeHead(fail ? 503 : 200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: !fail }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  database = await createTestDatabase();
  platform = await startPlatform({ env: { DATABASE_URL: database.url, WEFT_DATA_DIR: dataDir, EGRESS_ALLOW_LIST: '127.0.0.1/32' } });
  api = new ApiClient(platform.baseUrl);
  owner = await registerUser(api, 'Secret Owner');
  member = await registerUser(api, 'Workflow Editor');
  orgId = (await api.post<{ id: string }>('/api/v1/orgs', { name: 'Authority Org' }, as(owner))).body.id;
  const invitation = await api.post<{ token: string }>(`/api/v1/orgs/${orgId}/invitations`, { email: member.email, role: 'member' }, as(owner));
  expect((await api.post(`/api/v1/invitations/${invitation.body.token}/accept`, undefined, as(member))).status).toBe(201);
  apiKey = (await api.post<{ key: string }>(`/api/v1/orgs/${orgId}/api-keys`, { name: 'member key' }, as(owner))).body.key;
  privateCredential = (
    await api.post<{ id: string }>(
      `/api/v1/orgs/${orgId}/credentials`,
      { name: 'Owner private', type: 'httpBearerAuth', data: { token: OWNER_SECRET } },
      as(owner),
    )
  ).body.id;
  sharedCredential = (
    await api.post<{ id: string }>(
      `/api/v1/orgs/${orgId}/credentials`,
      { name: 'Team shared', type: 'httpBearerAuth', data: { token: SHARED_SECRET }, isShared: true },
      as(owner),
    )
  ).body.id;
}, 90_000);

afterAll(async () => {
  await platform?.stop();
  await database?.drop();
  upstream?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('saving, publishing and activating make the principal the authority of what runs', () => {
  it('refuses the probe: a member rewrites the owner’s active workflow to send the owner’s secret elsewhere (403 naming node and credential)', async () => {
    const route = unique('owner-orders');
    const workflow = await createWorkflow(owner, 'Owner orders', webhook(route, '/owner', privateCredential));
    expect((await api.post(wf(workflow.id, '/activate'), {}, as(owner))).status).toBe(200);
    const attack = webhook(unique('member-hook'), '/exfiltrate', privateCredential);
    const edited = await api.call('PUT', wf(workflow.id), { body: { expectedVersion: workflow.version, ...attack }, as: as(member) });
    expect(edited.status).toBe(403);
    expect(edited.headers.get('content-type')).toContain('application/problem+json');
    expect(edited.body).toMatchObject({ code: 'workflow.credential_not_usable', node: 'call', credentialId: privateCredential });
    expect(String(edited.body['detail'])).toContain('Owner private');
    expect((await api.get<{ version: number }>(wf(workflow.id), as(owner))).body.version).toBe(workflow.version);
    // Even a rename is a new version by the member, who would become its authority.
    expect((await api.call('PUT', wf(workflow.id), { body: { expectedVersion: workflow.version, name: 'Renamed' }, as: as(member) })).status).toBe(403);
    // The owner's webhook keeps running with the owner's authority; nothing reached the attacker's URL.
    const answer = await fetch(`${platform.baseUrl}/webhook/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(answer.status).toBe(200);
    expect(callsTo('/owner').at(-1)?.authorization).toBe(`Bearer ${OWNER_SECRET}`);
    expect(callsTo('/exfiltrate')).toEqual([]);
  });

  it('refuses to create a workflow naming a credential its author may not use, and takes a shared one', async () => {
    const refused = await api.post(`/api/v1/orgs/${orgId}/workflows`, { name: 'Borrow', ...manual('/borrow', privateCredential) }, as(member));
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'workflow.credential_not_usable', node: 'call' });
    const byKey = await api.post(`/api/v1/orgs/${orgId}/workflows`, { name: 'Borrow by key', ...manual('/borrow', privateCredential) }, { apiKey });
    expect(byKey.status).toBe(403);
    const shared = await createWorkflow(member, 'Shared use', manual('/shared', sharedCredential));
    expect((await runAndWait(shared.id, as(member))).status).toBe('success');
    expect(callsTo('/shared').at(-1)?.authorization).toBe(`Bearer ${SHARED_SECRET}`);
  });

  it('refuses a member who publishes or activates the owner’s workflow that uses the owner’s private credential', async () => {
    const workflow = await createWorkflow(owner, 'Owner flow', webhook(unique('owner-flow'), '/owner-flow', privateCredential));
    for (const action of ['/publish', '/activate']) {
      const answer = await api.post(wf(workflow.id, action), {}, as(member));
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({ code: 'workflow.credential_not_usable' });
    }
    expect((await api.get<{ isActive: boolean; publishedVersion: number | null }>(wf(workflow.id), as(owner))).body).toMatchObject({
      isActive: false,
      publishedVersion: null,
    });
    expect((await api.post(wf(workflow.id, '/publish'), {}, as(owner))).status).toBe(200);
    expect((await api.post(wf(workflow.id, '/activate'), {}, as(owner))).status).toBe(200);
  });
});

describe('every way a run starts uses the authority of what it runs', () => {
  it('manual and API runs: the version’s author, not the caller (the run does what its author built)', async () => {
    const workflow = await createWorkflow(owner, 'Owner manual', manual('/manual', privateCredential));
    expect((await runAndWait(workflow.id, as(member))).status).toBe('success');
    expect((await runAndWait(workflow.id, { apiKey })).status).toBe('success');
    expect(callsTo('/manual').map((call) => call.authorization)).toEqual([`Bearer ${OWNER_SECRET}`, `Bearer ${OWNER_SECRET}`]);
  });

  it('schedule runs: whoever activated the schedule', async () => {
    const workflow = await createWorkflow(owner, 'Owner schedule', {
      nodes: [{ id: 'tick', type: 'scheduleTrigger', properties: { interval: { every: 1, unit: 'seconds' } } }, callNode('call', '/tick', privateCredential)],
      connections: chain('tick', 'call'),
    });
    expect((await api.post(wf(workflow.id, '/activate'), {}, as(member))).status).toBe(403);
    expect((await api.post(wf(workflow.id, '/activate'), {}, as(owner))).status).toBe(200);
    await waitUntil(() => callsTo('/tick').length > 0, { timeoutMs: 15_000, description: 'a scheduled run to call the upstream' });
    expect((await api.post(wf(workflow.id, '/deactivate'), {}, as(owner))).status).toBe(200);
    expect(new Set(callsTo('/tick').map((call) => call.authorization))).toEqual(new Set([`Bearer ${OWNER_SECRET}`]));
  });

  it('retries: the authority the run was queued with, not the retrier’s', async () => {
    const route = unique('flaky');
    const workflow = await createWorkflow(owner, 'Flaky', webhook(route, '/flaky', privateCredential));
    expect((await api.post(wf(workflow.id, '/activate'), {}, as(owner))).status).toBe(200);
    failing.add('/flaky');
    await fetch(`${platform.baseUrl}/webhook/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const failed = await waitUntil(
      async () => (await api.get<{ data: Execution[] }>(`/api/v1/orgs/${orgId}/executions?workflowId=${workflow.id}&status=error`, as(owner))).body.data[0],
      { timeoutMs: 15_000, description: 'the failed run' },
    );
    const retry = await api.post<{ executionId: string }>(`/api/v1/orgs/${orgId}/executions/${failed.executionId}/retry`, {}, as(member));
    expect(retry.status).toBe(202);
    await waitUntil(async () => (await api.get<Execution>(`/api/v1/orgs/${orgId}/executions/${retry.body.executionId}`, as(owner))).body.status === 'success', {
      timeoutMs: 15_000,
      description: 'the retry to succeed',
    });
    expect(callsTo('/flaky').map((call) => call.authorization)).toEqual([`Bearer ${OWNER_SECRET}`, `Bearer ${OWNER_SECRET}`]);
  });

  it('sub-workflows and error workflows: the author of the workflow that runs, not of the one that called it', async () => {
    const sub = await createWorkflow(owner, 'Owner sub', {
      nodes: [{ id: 'in', type: 'executeWorkflowTrigger' }, callNode('call', '/sub', privateCredential)],
      connections: chain('in', 'call'),
    });
    const onError = await createWorkflow(owner, 'Owner on error', {
      nodes: [{ id: 'err', type: 'errorTrigger' }, callNode('call', '/on-error', privateCredential)],
      connections: chain('err', 'call'),
    });
    const caller = await createWorkflow(member, 'Member caller', {
      nodes: [
        { id: 'start', type: 'manualTrigger' },
        { id: 'run', type: 'executeWorkflow', properties: { workflowId: sub.id } },
      ],
      connections: chain('start', 'run'),
    });
    expect((await runAndWait(caller.id, as(member))).status).toBe('success');
    expect(callsTo('/sub').at(-1)?.authorization).toBe(`Bearer ${OWNER_SECRET}`);
    failing.add('/member-fails');
    const failingFlow = await createWorkflow(member, 'Member fails', {
      ...manual('/member-fails', sharedCredential),
      settings: { errorWorkflowId: onError.id },
    });
    expect((await runAndWait(failingFlow.id, as(member))).status).toBe('error');
    await waitUntil(() => callsTo('/on-error').length === 1, { timeoutMs: 15_000, description: 'the error workflow to run' });
    expect(callsTo('/on-error')[0]?.authorization).toBe(`Bearer ${OWNER_SECRET}`);
  });

  it('checks again when the run starts: a credential deleted since the save fails the run before its first node', async () => {
    const doomed = (
      await api.post<{ id: string }>(
        `/api/v1/orgs/${orgId}/credentials`,
        { name: 'Doomed', type: 'httpBearerAuth', data: { token: 'doomed' }, isShared: true },
        as(owner),
      )
    ).body.id;
    const workflow = await createWorkflow(member, 'Side effects first', {
      nodes: [{ id: 'start', type: 'manualTrigger' }, callNode('first', '/side-effect'), callNode('second', '/with-credential', doomed)],
      connections: chain('start', 'first', 'second'),
    });
    expect((await api.delete(`/api/v1/orgs/${orgId}/credentials/${doomed}`, as(owner))).status).toBe(204);
    const run = await runAndWait(workflow.id, as(member));
    expect(run.status).toBe('error');
    expect(JSON.stringify(run.error)).toContain(doomed);
    expect(callsTo('/side-effect')).toEqual([]);
    expect(callsTo('/with-credential')).toEqual([]);
  });
});
