import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ApiClient, type TestDatabase, createTestDatabase, registerUser, startPlatform } from '@weft/testing';

// Master-key rotation as an operator does it (docs/credentials.md): deploy with the new
// key first and the old one after it, run `credentials:rewrap`, then drop the old key.
// A credential created afterwards needs the organization's data key unwrapped, so it
// only succeeds when the rewrap moved that key under the new master key.

const run = promisify(execFile);
const entry = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const oldKey = entry('old');
const newKey = entry('new');

let database: TestDatabase;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-key-rotation-e2e-'));

beforeAll(async () => {
  database = await createTestDatabase();
}, 60_000);

afterAll(async () => {
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function withPlatform<T>(masterKeys: string, work: (api: ApiClient) => Promise<T>): Promise<T> {
  const platform = await startPlatform({ env: { DATABASE_URL: database.url, WEFT_DATA_DIR: dataDir, CREDENTIALS_MASTER_KEYS: masterKeys } });
  try {
    return await work(new ApiClient(platform.baseUrl));
  } finally {
    await platform.stop();
  }
}

async function rewrap(masterKeys: string): Promise<{ masterKeyId: string; rewrapped: number; skipped: number }> {
  const { stdout } = await run(process.execPath, ['dist/apps/platform/src/rewrap-credential-keys.js'], {
    env: { ...process.env, DATABASE_URL: database.url, WEFT_DATA_DIR: dataDir, CREDENTIALS_MASTER_KEYS: masterKeys },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { masterKeyId: string; rewrapped: number; skipped: number };
}

describe('master-key rotation', () => {
  it('re-wraps every data key under the new master key, after which the old key can go', async () => {
    const { token, orgId } = await withPlatform(oldKey, async (api) => {
      const owner = await registerUser(api, 'Key Owner');
      const org = (await api.post<{ id: string }>('/api/v1/orgs', { name: 'Key Org' }, { token: owner.token })).body.id;
      expect(
        (await api.post(`/api/v1/orgs/${org}/credentials`, { name: 'Before', type: 'httpBearerAuth', data: { token: 'first' } }, { token: owner.token }))
          .status,
      ).toBe(201);
      return { token: owner.token, orgId: org };
    });
    const wrapped = await database.db.query<{ master_key_id: string }>('select master_key_id from credential_data_keys');
    expect(wrapped.rows.map((r) => r.master_key_id)).toEqual(['old']);

    expect(await rewrap(`${newKey},${oldKey}`)).toMatchObject({ masterKeyId: 'new', rewrapped: 1, skipped: 0 });
    expect(await rewrap(`${newKey},${oldKey}`)).toMatchObject({ masterKeyId: 'new', rewrapped: 0, skipped: 0 });
    expect((await database.db.query<{ master_key_id: string }>('select master_key_id from credential_data_keys')).rows.map((r) => r.master_key_id)).toEqual([
      'new',
    ]);

    await withPlatform(newKey, async (api) => {
      const after = await api.post(`/api/v1/orgs/${orgId}/credentials`, { name: 'After', type: 'httpBearerAuth', data: { token: 'second' } }, { token });
      expect(after.status).toBe(201);
      expect((await database.db.query('select * from credential_data_keys')).rowCount).toBe(1); // the same data key, re-wrapped
    });
  }, 120_000);

  it('fails with a message naming the key id, never a key, when a data key is wrapped by a key that is not configured', async () => {
    const failure = await rewrap(entry('other')).catch((error: { stderr: string; code: number }) => error);
    expect(failure).toMatchObject({ code: 1 });
    const stderr = (failure as { stderr: string }).stderr;
    expect(stderr).toContain('credentials rewrap failed');
    expect(stderr).toMatch(/new/);
    expect(stderr).not.toContain(newKey.split(':')[1]);
  }, 60_000);
});
