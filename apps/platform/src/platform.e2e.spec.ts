import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type StartedPlatform, type TestDatabase, createTestDatabase, startPlatform } from '@weft/testing';

describe.each([
  ['the embedded PostgreSQL (no DATABASE_URL)', 'embedded'],
  ['the PostgreSQL server at DATABASE_URL', 'server'],
])('the platform on %s', (_title, mode) => {
  let platform: StartedPlatform;
  let database: TestDatabase | undefined;
  let session: { accessToken: string; refreshToken: string; user: { id: string } };
  let startEnv: Record<string, string>;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-e2e-'));

  beforeAll(async () => {
    const env: Record<string, string> = { WEFT_DATA_DIR: dataDir };
    if (mode === 'server') {
      database = await createTestDatabase();
      env['DATABASE_URL'] = database.url;
    } else {
      env['DATABASE_URL'] = '';
    }
    startEnv = env;
    platform = await startPlatform({ env });
  }, 90_000);

  afterAll(async () => {
    await platform?.stop();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is live and ready, with the database checked', async () => {
    const live = await fetch(`${platform.baseUrl}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${platform.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: 'up' } });
  });

  it('says which database it uses', () => {
    expect(platform.output()).toContain(mode === 'server' ? `PostgreSQL at 127.0.0.1:5432/${database?.name}` : `embedded PostgreSQL (PGlite) in ${dataDir}`);
  });

  it('serves the OpenAPI document and its UI', async () => {
    const document = await fetch(`${platform.baseUrl}/docs/openapi.json`);
    expect(document.status).toBe(200);
    const spec = (await document.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
    const ui = await fetch(`${platform.baseUrl}/docs`);
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toContain('text/html');
  });

  it('signs a user up and shows the profile to the next query (read-your-writes)', async () => {
    const response = await fetch(`${platform.baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada', email: `ada.${mode}@example.com`, password: 'violet-kestrel-embedded' }),
    });
    expect(response.status).toBe(201);
    session = (await response.json()) as { accessToken: string; refreshToken: string; user: { id: string } };
    const me = await fetch(`${platform.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${session.accessToken}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: session.user.id, email: `ada.${mode}@example.com`, organizations: [] });
  });

  it('keeps sessions across a restart: the generated JWT key is kept in the data folder', async () => {
    await platform.stop();
    platform = await startPlatform({ env: startEnv });
    const me = await fetch(`${platform.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${session.accessToken}` } });
    expect(me.status).toBe(200);
    const refreshed = await fetch(`${platform.baseUrl}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: session.refreshToken }),
    });
    expect(refreshed.status).toBe(200);
  }, 90_000);

  it('answers unknown paths with RFC 9457 problem details and echoes the request id', async () => {
    const response = await fetch(`${platform.baseUrl}/api/v1/nothing-here`, { headers: { 'x-request-id': 'req-123' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('x-request-id')).toBe('req-123');
    expect(await response.json()).toMatchObject({ status: 404, title: 'Not found', requestId: 'req-123', type: expect.stringMatching(/^urn:weft:problem:/) });
  });
});

describe('the platform configuration check', () => {
  it('refuses to start with an invalid variable and names it', async () => {
    await expect(startPlatform({ env: { PORT_IGNORED: '1', LOG_LEVEL: 'shouting' }, readyTimeoutMs: 20_000 })).rejects.toThrow('LOG_LEVEL');
  }, 30_000);
});
