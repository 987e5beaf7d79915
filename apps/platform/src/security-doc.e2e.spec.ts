import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type StartedPlatform, type TestDatabase, createTestDatabase, startPlatform } from '@weft/testing';

// docs/security.md lists every route with who may call it. This keeps the list true:
// every operation the platform serves has a row, with the access rule the route really
// has, and the table names no route that is gone.

interface Access {
  kind: string;
  permission?: string;
  role?: string;
}
type Document = { paths: Record<string, Record<string, { 'x-weft-access'?: Access }>> };

const SECURITY_DOC = path.resolve(import.meta.dirname, '../../../docs/security.md');
/** Served, but not part of the OpenAPI document (their bodies are the callers' own business). */
const UNDOCUMENTED = new Set(['ANY /webhook/{path}', 'ANY /webhook-waiting/{executionId}']);

const accessOf = (access: Access | undefined) => (access === undefined ? 'public' : [access.kind, access.permission ?? access.role].filter(Boolean).join(':'));

/** `METHOD /path` → access, from the rows of the routes table. */
function documentedRoutes(): Map<string, string> {
  const rows = fs.readFileSync(SECURITY_DOC, 'utf8').split('\n');
  const routes = new Map<string, string>();
  for (const row of rows) {
    const match = /^\| `([A-Z]+ \/[^`]*)` \| ([a-z:_A-Z]+) \|/.exec(row);
    if (match) routes.set(match[1]!, match[2]!);
  }
  return routes;
}

describe('docs/security.md', () => {
  let platform: StartedPlatform;
  let database: TestDatabase;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-security-doc-'));

  beforeAll(async () => {
    database = await createTestDatabase();
    platform = await startPlatform({ env: { DATABASE_URL: database.url, WEFT_DATA_DIR: dataDir } });
  }, 90_000);

  afterAll(async () => {
    await platform?.stop();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('has a row for every served operation, with the access rule the route has, and no row for a route that is gone', async () => {
    const served = (await (await fetch(`${platform.baseUrl}/docs/openapi.json`)).json()) as Document;
    const actual = new Map<string, string>();
    for (const [route, operations] of Object.entries(served.paths)) {
      for (const [method, operation] of Object.entries(operations)) actual.set(`${method.toUpperCase()} ${route}`, accessOf(operation['x-weft-access']));
    }
    const documented = documentedRoutes();
    expect(actual.size).toBeGreaterThan(50);
    expect(Object.fromEntries([...actual].filter(([route, access]) => documented.get(route) !== access))).toEqual({});
    expect([...documented.keys()].filter((route) => !actual.has(route) && !UNDOCUMENTED.has(route))).toEqual([]);
  });
});
