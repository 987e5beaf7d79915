import { randomUUID } from 'node:crypto';
import { type RecordedEvent } from '@weft/kernel';
import { type TenantTransaction, tenantIsolationMigrations, withTenant } from '@weft/postgres';
import { projectionTransaction } from '@weft/projections';
import { type TestDatabase, createTestDatabase } from '@weft/testing';
import { workflowsProjection } from './workflows-projection.js';
import { findWorkflow, findWorkflowVersion, listWorkflowVersions, listWorkflows } from './workflows-queries.js';

// The workflows read model on the real PostgreSQL: events in, the list and version
// queries out, redelivery applied once, and row-level security behind the filters.

let database: TestDatabase;
let position = 0;
/** A read in the organization's tenant transaction, as the services make it. */
const inTenant = <T>(organizationId: string, read: (tx: TenantTransaction) => Promise<T>) => withTenant(database.db, organizationId, read);
const names = new Map(workflowsProjection.tables.map((table) => [table.name, table.name]));
const actor = randomUUID();
let clock = Date.parse('2026-12-01T00:00:00Z');
const at = () => new Date((clock += 1000)).toISOString();

function event(type: string, data: Record<string, unknown>): RecordedEvent {
  position += 1;
  return {
    eventId: randomUUID(),
    streamId: `workflows.Workflow-${String(data['workflowId'])}`,
    streamVersion: position,
    globalPosition: BigInt(position),
    type,
    schemaVersion: 1,
    data,
    metadata: {},
    occurredAt: new Date(),
  } as unknown as RecordedEvent;
}

async function apply(...events: RecordedEvent[]): Promise<void> {
  await database.db.transaction(async (tx) => {
    for (const e of events) await workflowsProjection.apply(e, projectionTransaction(tx, names));
  });
}

const content = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  description: null,
  teamId: null,
  nodes: [{ id: 'n1', type: 'manualTrigger' }],
  connections: [],
  settings: {},
  tags: [],
  ...extra,
});

function created(organizationId: string, name: string, extra: Record<string, unknown> = {}) {
  const workflowId = randomUUID();
  const e = event('WorkflowCreated', {
    workflowId,
    organizationId,
    ...content(name, extra),
    slug: name.toLowerCase().replaceAll(' ', '-'),
    version: 1,
    status: 'draft',
    isTemplate: false,
    fromTemplateId: null,
    createdBy: actor,
    createdAt: at(),
  });
  return { workflowId, e };
}

beforeAll(async () => {
  database = await createTestDatabase({ migrations: tenantIsolationMigrations });
  for (const table of workflowsProjection.tables) for (const ddl of table.create(table.name)) await database.db.query(ddl);
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe('the workflows read model', () => {
  it('follows a workflow through versions, publication, activation, archive and delete', async () => {
    const org = randomUUID();
    const { workflowId, e } = created(org, 'Invoice Sync');
    const update = event('WorkflowUpdated', {
      workflowId,
      organizationId: org,
      ...content('Invoice Sync v2', { tags: ['billing'] }),
      version: 2,
      changed: ['name', 'tags'],
      updatedBy: actor,
      updatedAt: at(),
    });
    await apply(e, update, update, e); // redelivered events change nothing twice
    expect(await inTenant(org, (tx) => findWorkflow(tx, workflowId))).toMatchObject({
      name: 'Invoice Sync v2',
      version: 2,
      status: 'draft',
      tags: ['billing'],
      isActive: false,
    });

    const webhooks = [{ method: 'POST', path: 'invoices', nodeId: 'n1' }];
    await apply(
      event('WorkflowPublished', { workflowId, organizationId: org, version: 2, publishedBy: actor, publishedAt: at() }),
      event('WorkflowActivated', { workflowId, organizationId: org, version: 2, webhooks, schedules: [], activatedBy: actor, activatedAt: at() }),
    );
    expect(await inTenant(org, (tx) => findWorkflow(tx, workflowId))).toMatchObject({
      status: 'published',
      publishedVersion: 2,
      activeVersion: 2,
      isActive: true,
      webhooks,
    });

    const versions = await inTenant(org, (tx) => listWorkflowVersions(tx, workflowId, 1));
    expect(versions.data.map((v) => [v.version, v.name])).toEqual([[2, 'Invoice Sync v2']]);
    const older = await inTenant(org, (tx) => listWorkflowVersions(tx, workflowId, 1, versions.nextCursor!));
    expect(older.data.map((v) => v.version)).toEqual([1]);
    expect(await inTenant(org, (tx) => findWorkflowVersion(tx, workflowId, 1))).toMatchObject({
      name: 'Invoice Sync',
      nodes: [{ id: 'n1', type: 'manualTrigger' }],
    });

    await apply(
      event('WorkflowDeactivated', {
        workflowId,
        organizationId: org,
        version: 2,
        webhooks,
        schedules: [],
        reason: 'archived',
        deactivatedBy: actor,
        deactivatedAt: at(),
      }),
      event('WorkflowArchived', { workflowId, organizationId: org, archivedBy: actor, archivedAt: at() }),
    );
    expect(await inTenant(org, (tx) => findWorkflow(tx, workflowId))).toMatchObject({ status: 'archived', isActive: false, webhooks: [] });
    await apply(event('WorkflowDeleted', { workflowId, organizationId: org, slug: 'invoice-sync', deletedBy: actor, deletedAt: at() }));
    expect(await inTenant(org, (tx) => findWorkflow(tx, workflowId))).toBeUndefined();
    expect(await inTenant(org, (tx) => findWorkflowVersion(tx, workflowId, 2))).toBeDefined(); // history stays
  });

  it('lists with filters and a cursor, newest change first', async () => {
    const org = randomUUID();
    const team = randomUUID();
    const a = created(org, 'Alpha Flow', { tags: ['ops'] });
    const b = created(org, 'Beta Flow', { teamId: team });
    const c = created(org, 'Gamma 100% Flow', { tags: ['ops', 'billing'] });
    await apply(
      a.e,
      b.e,
      c.e,
      event('WorkflowPublished', { workflowId: a.workflowId, organizationId: org, version: 1, publishedBy: actor, publishedAt: at() }),
    );
    const ids = async (filter: Parameters<typeof listWorkflows>[1]) => (await inTenant(org, (tx) => listWorkflows(tx, filter, 50))).data.map((w) => w.id);
    expect(await ids({})).toEqual([a.workflowId, c.workflowId, b.workflowId]);
    expect(await ids({ tag: 'ops' })).toEqual([a.workflowId, c.workflowId]);
    expect(await ids({ status: 'published' })).toEqual([a.workflowId]);
    expect(await ids({ teamId: team })).toEqual([b.workflowId]);
    expect(await ids({ q: 'beta' })).toEqual([b.workflowId]);
    expect(await ids({ q: '100%' })).toEqual([c.workflowId]);
    expect(await ids({ q: '%' })).toEqual([c.workflowId]); // wildcards are literal
    const first = await inTenant(org, (tx) => listWorkflows(tx, {}, 2));
    const rest = await inTenant(org, (tx) => listWorkflows(tx, {}, 2, first.nextCursor!));
    expect([...first.data, ...rest.data].map((w) => w.id)).toEqual([a.workflowId, c.workflowId, b.workflowId]);
    expect(rest.nextCursor).toBeNull();
  });

  it("never shows another organization's workflows, even to a query without a filter", async () => {
    const mine = randomUUID();
    const theirs = randomUUID();
    const x = created(mine, 'Mine');
    const y = created(theirs, 'Theirs');
    await apply(x.e, y.e);
    expect(await inTenant(mine, (tx) => findWorkflow(tx, y.workflowId))).toBeUndefined();
    const visible = await withTenant(
      database.db,
      mine,
      async (tx) => (await tx.query<{ organization_id: string }>('select organization_id from workflows')).rows,
    );
    expect(new Set(visible.map((r) => r.organization_id))).toEqual(new Set([mine]));
    const versions = await withTenant(
      database.db,
      mine,
      async (tx) => (await tx.query<{ organization_id: string }>('select organization_id from workflow_versions')).rows,
    );
    expect(new Set(versions.map((r) => r.organization_id))).toEqual(new Set([mine]));
  });

  it('counts runs from ExecutionQueued, one by one and summed per batch', async () => {
    const org = randomUUID();
    const { workflowId, e } = created(org, 'Counted');
    await apply(e);
    const queued = (queuedAt: string) => ({
      ...event('ExecutionQueued', { executionId: randomUUID(), workflowId, organizationId: org, queuedAt }),
      streamId: `execution.Execution-${randomUUID()}`,
    });
    await apply(queued('2026-12-01T10:00:00.000Z'));
    expect(await inTenant(org, (tx) => findWorkflow(tx, workflowId))).toMatchObject({ executionCount: 1, lastExecutedAt: '2026-12-01T10:00:00.000Z' });
    const batch = [
      queued('2026-12-01T10:00:02.000Z'),
      queued('2026-12-01T10:00:01.000Z'),
      event('WorkflowPublished', { workflowId, organizationId: org, version: 1, publishedBy: actor, publishedAt: at() }),
    ];
    await database.db.transaction((tx) => workflowsProjection.applyBatch!(batch, projectionTransaction(tx, names)));
    expect(await inTenant(org, (tx) => findWorkflow(tx, workflowId))).toMatchObject({
      executionCount: 3,
      lastExecutedAt: '2026-12-01T10:00:02.000Z',
      status: 'published',
    });
  });
});
