import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PostgresEventStore } from '@weft/eventstore';
import { type RecordedEvent } from '@weft/kernel';
import { ApiClient, type StartedPlatform, type TestDatabase, type TestUser, createTestDatabase, registerUser, startPlatform, waitUntil } from '@weft/testing';

// The one command path (the kernel's commandMetadata) hands every context's events the
// same audit facts: who acted (actor type and id), in which organization, for which
// request (correlation id), from where (client IP, user agent). Identity's events are
// checked in libs/identity/feature/src/event-metadata.e2e.spec.ts; here, one request of
// each other context over HTTP, its events read back from the event store.

const USER_AGENT = 'weft-audit-e2e/2.0';
let platform: StartedPlatform;
let database: TestDatabase;
let api: ApiClient;
let store: PostgresEventStore;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-event-metadata-e2e-'));

const send = <Body = Record<string, unknown>>(method: string, route: string, body: unknown, user: TestUser) =>
  api.call<Body>(method, route, { body, as: { token: user.token }, headers: { 'user-agent': USER_AGENT } });

beforeAll(async () => {
  database = await createTestDatabase();
  platform = await startPlatform({ env: { DATABASE_URL: database.url, WEFT_DATA_DIR: dataDir } });
  api = new ApiClient(platform.baseUrl);
  store = new PostgresEventStore(database.db);
}, 90_000);

afterAll(async () => {
  await store?.close();
  await platform?.stop();
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the metadata of every context’s events', () => {
  it('names the actor, the organization, the request and its origin on tenancy, workflows, credentials and execution events', async () => {
    const user = await registerUser(api, 'Auditor');
    const org = await send<{ id: string }>('POST', '/api/v1/orgs', { name: 'Metadata Works' }, user);
    expect(org.status).toBe(201);
    const orgId = org.body.id;
    expect((await send('POST', `/api/v1/orgs/${orgId}/teams`, { name: 'Audit' }, user)).status).toBe(201);
    const credential = { name: 'Token', type: 'httpBearerAuth', data: { token: 'metadata-secret' } };
    expect((await send('POST', `/api/v1/orgs/${orgId}/credentials`, credential, user)).status).toBe(201);
    const definition = {
      name: 'Metadata',
      nodes: [
        { id: 'start', type: 'manualTrigger' },
        { id: 'mark', type: 'set', properties: { fields: [{ name: 'ok', type: 'boolean', value: true }] } },
      ],
      connections: [{ source: 'start', target: 'mark' }],
    };
    const workflow = await send<{ id: string }>('POST', `/api/v1/orgs/${orgId}/workflows`, definition, user);
    expect(workflow.status).toBe(201);
    const run = await send<{ status: string }>('POST', `/api/v1/orgs/${orgId}/workflows/${workflow.body.id}/run`, { wait: true }, user);
    expect(run.body.status).toBe('success');

    const expectedTypes = ['OrganizationCreated', 'TeamCreated', 'CredentialCreated', 'WorkflowCreated', 'ExecutionQueued'];
    let events: RecordedEvent[] = [];
    await waitUntil(
      async () => {
        events = (await store.readAll()).filter((event) => expectedTypes.includes(event.type) && event.metadata.organizationId === orgId);
        return events.length === expectedTypes.length;
      },
      { timeoutMs: 30_000, intervalMs: 50, description: 'one event of each kind in the store' },
    );
    for (const event of events) {
      const { metadata } = event;
      expect({
        type: event.type,
        actorType: metadata['actorType'],
        actorId: metadata.actorId,
        clientIp: typeof metadata['clientIp'],
        userAgent: metadata['userAgent'],
        correlationId: typeof metadata.correlationId,
      }).toEqual({ type: event.type, actorType: 'user', actorId: user.id, clientIp: 'string', userAgent: USER_AGENT, correlationId: 'string' });
    }
  }, 90_000);
});
