import { randomUUID } from 'node:crypto';
import { type RecordedEvent } from '@weft/kernel';
import { tenantIsolationMigrations, withTenant } from '@weft/postgres';
import { projectionTransaction } from '@weft/projections';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { ActiveWorkflowCache, catalogLoader } from './active-workflow-cache.js';
import { executionCatalogProjection } from './catalog-projection.js';
import { findActiveRoute, findActiveWorkflow, findCatalogPositions, findWorkflowVersion, listActiveSchedules } from './catalog-queries.js';

// The execution catalog on the real PostgreSQL: the workflows context's events in,
// routes, versions and active workflows out; redelivered and late events change
// nothing; row-level security on the tenant tables.

let database: TestDatabase;
let position = 0;
const names = new Map(executionCatalogProjection.tables.map((table) => [table.name, table.name]));
const owner = randomUUID();
const editor = randomUUID();
let clock = Date.parse('2026-12-01T00:00:00Z');
const at = () => new Date((clock += 1000)).toISOString();

function event(type: string, data: Record<string, unknown>, streamId = `workflows.Workflow-${String(data['workflowId'])}`): RecordedEvent {
  position += 1;
  return {
    eventId: randomUUID(),
    streamId,
    streamVersion: position,
    logPosition: { transactionId: String(1000 + position), position: String(position) },
    type,
    schemaVersion: 1,
    data,
    metadata: {},
    occurredAt: new Date(),
    hash: '',
  };
}

async function apply(...events: RecordedEvent[]): Promise<void> {
  await database.db.transaction(async (tx) => {
    for (const e of events) await executionCatalogProjection.apply(e, projectionTransaction(tx, names));
  });
}

const hook = (path: string, method = 'POST', id = 'hook') => ({ id, type: 'webhookTrigger', properties: { path, method, responseMode: 'onReceived' } });
const content = (name: string, nodes: unknown[]) => ({
  name,
  description: null,
  teamId: null,
  nodes,
  connections: [],
  settings: { timezone: 'UTC' },
  tags: [],
});

/** A workflow's events, in order, positions taken as they are made. */
function workflow(organizationId = randomUUID()) {
  const workflowId = randomUUID();
  const ids = { workflowId, organizationId };
  return {
    ...ids,
    created: (name: string, nodes: unknown[]) =>
      event('WorkflowCreated', {
        ...ids,
        ...content(name, nodes),
        slug: name,
        version: 1,
        status: 'draft',
        isTemplate: false,
        fromTemplateId: null,
        createdBy: owner,
        createdAt: at(),
      }),
    updated: (version: number, name: string, nodes: unknown[]) =>
      event('WorkflowUpdated', { ...ids, ...content(name, nodes), version, changed: ['nodes'], updatedBy: editor, updatedAt: at() }),
    published: (version: number) => event('WorkflowPublished', { ...ids, version, publishedBy: editor, publishedAt: at() }),
    activated: (version: number, webhooks: { method: string; path: string; nodeId: string }[], schedules: unknown[] = []) =>
      event('WorkflowActivated', { ...ids, version, webhooks, schedules, activatedBy: editor, activatedAt: at() }),
    deactivated: (version: number, reason = 'requested') =>
      event('WorkflowDeactivated', { ...ids, version, webhooks: [], schedules: [], reason, deactivatedBy: editor, deactivatedAt: at() }),
    archived: () => event('WorkflowArchived', { ...ids, archivedBy: editor, archivedAt: at() }),
    deleted: () => event('WorkflowDeleted', { ...ids, slug: 'x', deletedBy: editor, deletedAt: at() }),
  };
}

const unique = () => `p${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  database = await createTestDatabase({ migrations: tenantIsolationMigrations });
  for (const table of executionCatalogProjection.tables) for (const ddl of table.create(table.name)) await database.db.query(ddl);
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe('the execution catalog', () => {
  it('runs an older published version when that is the one activated', async () => {
    const w = workflow();
    const base = unique();
    await apply(
      w.created('Orders', [hook(`${base}/v1`)]),
      w.updated(2, 'Orders v2', [hook(`${base}/v1`)]),
      w.published(2),
      w.updated(3, 'Orders v3 draft', [hook(`${base}/v3`)]),
    );
    await apply(
      w.activated(2, [{ method: 'POST', path: `${base}/v1`, nodeId: 'hook' }], [{ nodeId: 'tick', cron: '*/5 * * * *', interval: null, timezone: 'UTC' }]),
    );

    expect(await findActiveRoute(database.db, 'post', `/${base}/v1/`)).toEqual({
      workflowId: w.workflowId,
      organizationId: w.organizationId,
      version: 2,
      nodeId: 'hook',
      path: `${base}/v1`,
      params: {},
      authorityId: editor,
    });
    expect(await findActiveRoute(database.db, 'POST', `${base}/v3`)).toBeUndefined(); // only the draft has it
    expect(await findActiveRoute(database.db, 'GET', `${base}/v1`)).toBeUndefined(); // other method

    const v2 = await findWorkflowVersion(database.db, w.organizationId, w.workflowId, 2);
    expect(v2).toEqual({
      workflowId: w.workflowId,
      organizationId: w.organizationId,
      version: 2,
      name: 'Orders v2',
      authorId: editor,
      definition: { nodes: [hook(`${base}/v1`)], connections: [], settings: { timezone: 'UTC' } },
    });
    expect((await findWorkflowVersion(database.db, w.organizationId, w.workflowId, 1))?.authorId).toBe(owner); // each version's own author
    expect(await findWorkflowVersion(database.db, randomUUID(), w.workflowId, 2)).toBeUndefined();

    expect(await findActiveWorkflow(database.db, w.organizationId, w.workflowId)).toMatchObject({
      version: 2,
      ownerId: owner,
      webhooks: [{ method: 'POST', path: `${base}/v1`, nodeId: 'hook' }],
    });
    const schedules = (await listActiveSchedules(database.db)).filter((s) => s.workflowId === w.workflowId);
    expect(schedules).toEqual([
      {
        workflowId: w.workflowId,
        organizationId: w.organizationId,
        version: 2,
        ownerId: owner,
        schedules: [{ nodeId: 'tick', cron: '*/5 * * * *', interval: null, timezone: 'UTC' }],
        position: expect.any(BigInt),
      },
    ]);

    // Re-activating a newer version replaces the routes.
    await apply(w.published(3), w.activated(3, [{ method: 'POST', path: `${base}/v3`, nodeId: 'hook' }]));
    expect(await findActiveRoute(database.db, 'POST', `${base}/v1`)).toBeUndefined();
    expect(await findActiveRoute(database.db, 'POST', `${base}/v3`)).toMatchObject({ workflowId: w.workflowId, version: 3 });
    expect((await listActiveSchedules(database.db)).some((s) => s.workflowId === w.workflowId)).toBe(false);
  });

  it('matches parameters and prefers a literal segment to a parameter', async () => {
    const base = unique();
    const organizationId = randomUUID();
    const byId = workflow(organizationId);
    const big = workflow(organizationId);
    const nested = workflow(organizationId);
    await apply(
      byId.created('By id', []),
      byId.activated(1, [
        { method: 'GET', path: `${base}/:id`, nodeId: 'get' },
        { method: 'GET', path: `${base}/:id/items/:item`, nodeId: 'items' },
      ]),
      big.created('Big', []),
      big.activated(1, [{ method: 'GET', path: `${base}/big`, nodeId: 'big' }]),
      nested.created('Nested', []),
      nested.activated(1, [{ method: 'GET', path: `${base}/:id/items/special`, nodeId: 'special' }]),
    );
    expect(await findActiveRoute(database.db, 'GET', `${base}/123`)).toMatchObject({
      workflowId: byId.workflowId,
      nodeId: 'get',
      path: `${base}/:id`,
      params: { id: '123' },
    });
    expect(await findActiveRoute(database.db, 'GET', `${base}/big`)).toMatchObject({ workflowId: big.workflowId, nodeId: 'big', params: {} });
    expect(await findActiveRoute(database.db, 'GET', `${base}/a%20b`)).toMatchObject({ params: { id: 'a b' } });
    expect(await findActiveRoute(database.db, 'GET', `${base}/7/items/special`)).toMatchObject({ workflowId: nested.workflowId, params: { id: '7' } });
    expect(await findActiveRoute(database.db, 'GET', `${base}/7/items/9?x=1`)).toMatchObject({ workflowId: byId.workflowId, params: { id: '7', item: '9' } });
    expect(await findActiveRoute(database.db, 'GET', `${base}/7/items`)).toBeUndefined();
    expect(await findActiveRoute(database.db, 'GET', `${base.toUpperCase()}/big`)).toBeUndefined(); // case kept
    expect(await findActiveRoute(database.db, 'GET', `${base}/../big`)).toBeUndefined();
    expect(await findActiveRoute(database.db, 'BREW', `${base}/big`)).toBeUndefined();
  });

  it('serves a first segment to one organization: the first to activate under it, until none of its routes is', async () => {
    const base = unique();
    const first = workflow();
    const second = workflow(first.organizationId);
    const other = workflow();
    await apply(first.created('A', []), first.activated(1, [{ method: 'POST', path: `${base}/:orderId`, nodeId: 'hook' }]));
    // Another organization's route from before the rule (its activation was not refused then): a more specific path, never served.
    await apply(other.created('B', []), other.activated(1, [{ method: 'POST', path: `${base}/42`, nodeId: 'hook' }]));
    expect(await findActiveRoute(database.db, 'POST', `${base}/42`)).toMatchObject({ workflowId: first.workflowId, params: { orderId: '42' } });
    expect(await findActiveRoute(database.db, 'POST', `${base.toUpperCase()}/42`)).toBeUndefined();
    // A second workflow of the holder keeps the segment when the first leaves.
    await apply(second.created('A2', []), second.activated(1, [{ method: 'POST', path: `${base}/x/:id`, nodeId: 'hook' }]), first.deactivated(1));
    expect(await findActiveRoute(database.db, 'POST', `${base}/42`)).toBeUndefined();
    expect(await findActiveRoute(database.db, 'POST', `${base}/x/1`)).toMatchObject({ workflowId: second.workflowId });
    // The holder gone, the segment is free: not handed to the route that broke the rule, taken by the next activation.
    await apply(second.deactivated(1));
    expect(await findActiveRoute(database.db, 'POST', `${base}/42`)).toBeUndefined();
    await apply(other.activated(1, [{ method: 'POST', path: `${base}/42`, nodeId: 'hook' }]));
    expect(await findActiveRoute(database.db, 'POST', `${base}/42`)).toMatchObject({ workflowId: other.workflowId, organizationId: other.organizationId });
  });

  it('never serves a route whose first segment is a parameter (from before the rule)', async () => {
    const catchAll = workflow();
    await apply(catchAll.created('Catch all', []), catchAll.activated(1, [{ method: 'POST', path: ':anything', nodeId: 'hook' }]));
    expect(await findActiveRoute(database.db, 'POST', unique())).toBeUndefined();
    expect((await database.db.query("select count(*)::int as n from execution_webhook_namespaces where segment = ':'")).rows).toEqual([{ n: 0 }]);
  });

  it('upgrades a catalog from before the namespaces: each segment to the organization of its oldest route, once', async () => {
    const older = randomUUID();
    const newer = randomUUID();
    const before = await createTestDatabase({ migrations: tenantIsolationMigrations });
    try {
      const routes = executionCatalogProjection.tables.find((table) => table.name === 'execution_webhook_routes')!;
      const namespaces = executionCatalogProjection.tables.find((table) => table.name === 'execution_webhook_namespaces')!;
      // The routes table as it was, without its namespace index, with two organizations under one segment.
      for (const ddl of routes.create('execution_webhook_routes').filter((ddl) => !ddl.includes('_namespace_idx'))) await before.db.query(ddl);
      const insert = `insert into execution_webhook_routes (shape, method, path, segments, segment_count, first_segment, specificity, workflow_id, organization_id, node_id, version, position)
                      values ($1, 'POST', $2, $3, 2, 'orders', $4, $5, $6, 'hook', 1, $7)`;
      await before.db.query(insert, ['POST orders/42', 'orders/42', ['orders', '42'], '00', randomUUID(), newer, 20]);
      await before.db.query(insert, ['POST orders/:', 'orders/:id', ['orders', ':'], '01', randomUUID(), older, 10]);
      // What ensureTables does on the first start of the new code: create the new table, then upgrade the existing ones, in order.
      for (const ddl of namespaces.create('execution_webhook_namespaces')) await before.db.query(ddl);
      for (let start = 0; start < 2; start++) for (const ddl of routes.upgrade!('execution_webhook_routes')) await before.db.query(ddl);
      expect((await before.db.query('select segment, organization_id from execution_webhook_namespaces')).rows).toEqual([
        { segment: 'orders', organization_id: older },
      ]);
      // Once filled, a segment whose holder left is not handed over on a later start.
      await before.db.query('delete from execution_webhook_routes where organization_id = $1', [older]);
      await before.db.query('delete from execution_webhook_namespaces');
      await before.db.query("insert into execution_webhook_namespaces values ('other', $1, 1)", [older]);
      for (const ddl of routes.upgrade!('execution_webhook_routes')) await before.db.query(ddl);
      expect((await before.db.query("select count(*)::int as n from execution_webhook_namespaces where segment = 'orders'")).rows).toEqual([{ n: 0 }]);
    } finally {
      await before.drop();
    }
  });

  it('removes the routes on deactivate, archive and delete; history stays', async () => {
    const base = unique();
    const a = workflow();
    const b = workflow();
    const c = workflow();
    const routeOf = (name: string) => [{ method: 'POST', path: `${base}/${name}`, nodeId: 'hook' }];
    await apply(
      a.created('A', []),
      a.activated(1, routeOf('a')),
      b.created('B', []),
      b.activated(1, routeOf('b')),
      c.created('C', []),
      c.activated(1, routeOf('c')),
    );
    await apply(a.deactivated(1), b.deactivated(1, 'archived'), b.archived(), c.deleted());
    for (const [w, name] of [
      [a, 'a'],
      [b, 'b'],
      [c, 'c'],
    ] as const) {
      expect(await findActiveRoute(database.db, 'POST', `${base}/${name}`)).toBeUndefined();
      expect(await findActiveWorkflow(database.db, w.organizationId, w.workflowId)).toBeUndefined();
      expect(await findWorkflowVersion(database.db, w.organizationId, w.workflowId, 1)).toBeDefined();
    }
    // A released route can be taken by another workflow.
    const d = workflow();
    await apply(d.created('D', []), d.activated(1, routeOf('a')));
    expect(await findActiveRoute(database.db, 'POST', `${base}/a`)).toMatchObject({ workflowId: d.workflowId });
  });

  it('applies redelivered and late events once, in the order of the log', async () => {
    const base = unique();
    const w = workflow();
    const created = w.created('W', []);
    const updated = w.updated(2, 'W2', []);
    const activated = w.activated(1, [{ method: 'PUT', path: `${base}/x`, nodeId: 'hook' }]);
    const deactivated = w.deactivated(1);
    await apply(created, updated, created, updated, activated, activated);
    expect(await findActiveRoute(database.db, 'PUT', `${base}/x`)).toMatchObject({ workflowId: w.workflowId, version: 1 });
    expect((await findWorkflowVersion(database.db, w.organizationId, w.workflowId, 2))?.name).toBe('W2');

    await apply(deactivated, activated, deactivated); // a late activation after the deactivation stays undone
    expect(await findActiveRoute(database.db, 'PUT', `${base}/x`)).toBeUndefined();
    expect(await findActiveWorkflow(database.db, w.organizationId, w.workflowId)).toBeUndefined();

    const reactivated = w.activated(2, [{ method: 'PUT', path: `${base}/y`, nodeId: 'hook' }]);
    await apply(reactivated, deactivated, activated, reactivated);
    expect(await findActiveWorkflow(database.db, w.organizationId, w.workflowId)).toMatchObject({
      version: 2,
      position: BigInt(reactivated.logPosition.position),
    });
    expect(await findActiveRoute(database.db, 'PUT', `${base}/x`)).toBeUndefined();
    expect(await findActiveRoute(database.db, 'PUT', `${base}/y`)).toMatchObject({ version: 2 });

    // An Updated delivered before its Created still gets the owner once Created arrives.
    const late = workflow();
    const lateCreated = late.created('Late', []);
    const earlyUpdated = late.updated(2, 'Late 2', []);
    await apply(earlyUpdated, lateCreated);
    expect((await findWorkflowVersion(database.db, late.organizationId, late.workflowId, 2))?.authorId).toBe(editor);
    expect(
      (await database.db.query('select created_by from execution_workflow_versions where workflow_id = $1 and version = 2', [late.workflowId])).rows,
    ).toEqual([{ created_by: owner }]);

    // The catalog's position is the highest Workflow event of each workflow applied, whatever its type.
    const positions = await findCatalogPositions(database.db, [w.workflowId, late.workflowId, randomUUID()]);
    expect(positions).toEqual(
      new Map([
        [w.workflowId, BigInt(reactivated.logPosition.position)],
        [late.workflowId, BigInt(earlyUpdated.logPosition.position)],
      ]),
    );
  });

  it('ignores events that are not about the Workflow aggregate', async () => {
    const w = workflow();
    await apply(
      event('WorkflowSlugReserved', { ...w, slug: 's', reservedAt: at() }, `workflows.WorkflowSlug-${randomUUID()}`),
      event('CredentialCreated', { credentialId: randomUUID(), organizationId: w.organizationId }, `workflows.Credential-${randomUUID()}`),
      event('WorkflowCreated', { ...w, ...content('Other context', []), version: 1, createdBy: owner, createdAt: at() }, `billing.Workflow-${w.workflowId}`),
    );
    expect(await findCatalogPositions(database.db, [w.workflowId])).toEqual(new Map());
    expect(await findWorkflowVersion(database.db, w.organizationId, w.workflowId, 1)).toBeUndefined();
  });

  it("never shows another organization's rows from the tenant tables; routes are a platform table", async () => {
    const mine = workflow();
    const theirs = workflow();
    const base = unique();
    await apply(
      mine.created('Mine', []),
      mine.activated(1, [{ method: 'POST', path: `${base}/mine`, nodeId: 'hook' }]),
      theirs.created('Theirs', []),
      theirs.activated(1, [{ method: 'POST', path: `${base}/theirs`, nodeId: 'hook' }]),
    );
    for (const table of ['execution_workflow_versions', 'execution_active_workflows']) {
      const rows = await withTenant(
        database.db,
        mine.organizationId,
        async (tx) => (await tx.query<{ organization_id: string }>(`select organization_id from ${table}`)).rows,
      );
      expect(new Set(rows.map((r) => r.organization_id))).toEqual(new Set([mine.organizationId]));
    }
    expect(await findActiveWorkflow(database.db, mine.organizationId, theirs.workflowId)).toBeUndefined();
    const policies = await database.db.query<{ relname: string; relrowsecurity: boolean }>(
      `select relname, relrowsecurity from pg_class where relname in ('execution_webhook_routes', 'execution_catalog_workflows', 'execution_active_workflows', 'execution_workflow_versions') order by relname`,
    );
    expect(policies.rows).toEqual([
      { relname: 'execution_active_workflows', relrowsecurity: true },
      { relname: 'execution_catalog_workflows', relrowsecurity: false },
      { relname: 'execution_webhook_routes', relrowsecurity: false },
      { relname: 'execution_workflow_versions', relrowsecurity: true },
    ]);
  });

  it('backs the cache: a lookup after an invalidation waits for the catalog to catch up', async () => {
    const base = unique();
    const w = workflow();
    await apply(w.created('Cached', []), w.activated(1, [{ method: 'POST', path: `${base}/hook`, nodeId: 'hook' }]));
    const cache = new ActiveWorkflowCache(catalogLoader(database.db));
    expect(await cache.route('POST', `${base}/hook`)).toMatchObject({ workflowId: w.workflowId, version: 1 });
    expect((await cache.version(w.organizationId, w.workflowId, 1))?.name).toBe('Cached');

    const deactivated = w.deactivated(1);
    cache.invalidate(w.workflowId, BigInt(deactivated.logPosition.position));
    expect(await cache.route('POST', `${base}/hook`)).toMatchObject({ workflowId: w.workflowId }); // the catalog is behind: served, not cached
    expect(cache.stats.routes).toBe(0);
    await apply(deactivated);
    expect(await cache.route('POST', `${base}/hook`)).toBeUndefined();
    expect(cache.stats).toMatchObject({ routes: 1, pending: 0 });
  });
});
