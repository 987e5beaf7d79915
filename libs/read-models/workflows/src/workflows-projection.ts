import { type RecordedEvent, contextOfStream } from '@weft/kernel';
import { type ProjectionDefinition, type ProjectionTransaction } from '@weft/projections';
import { workflowsTables } from './workflows-tables.js';

/** The projection's name: its checkpoint row, and what read-your-writes waits for. */
export const WORKFLOWS_PROJECTION = 'workflows';

// The fields of the workflows context's public events this projection reads.
interface Ids {
  readonly workflowId: string;
  readonly organizationId: string;
}
interface Content {
  readonly name: string;
  readonly description: string | null;
  readonly teamId: string | null;
  readonly nodes: readonly unknown[];
  readonly connections: readonly unknown[];
  readonly settings: Record<string, unknown>;
  readonly tags: readonly string[];
}
type Created = Ids & Content & { slug: string; version: number; isTemplate: boolean; fromTemplateId: string | null; createdBy: string; createdAt: string };
type Updated = Ids & Content & { version: number; changed: readonly string[]; updatedBy: string; updatedAt: string };
type Published = Ids & { version: number; publishedBy: string; publishedAt: string };
type Activated = Ids & { version: number; webhooks: readonly unknown[]; schedules: readonly unknown[]; activatedBy: string; activatedAt: string };
type Deactivated = Ids & { deactivatedBy: string; deactivatedAt: string };
type Archived = Ids & { archivedBy: string; archivedAt: string };
type Deleted = Ids & { deletedBy: string; deletedAt: string };

/**
 * `workflows` (the current state of each workflow) and `workflow_versions` (every
 * version's full content), from the Workflow aggregate's events; the execution counts
 * from the execution context's events (subscribe it to both). Each statement is
 * idempotent: versions by primary key, updates guarded by the version they carry.
 */
export const workflowsProjection: ProjectionDefinition = {
  name: WORKFLOWS_PROJECTION,
  tables: workflowsTables,
  accepts: (event) => contextOfStream(event.streamId) !== 'execution' || event.type === 'ExecutionQueued',
  tracksStream: (streamId) => contextOfStream(streamId) !== 'execution',
  async apply(event, tx) {
    const context = contextOfStream(event.streamId);
    if (context === 'execution') {
      if (event.type === 'ExecutionQueued') await countExecution(event, tx);
      return;
    }
    if (context !== 'workflows') return;
    const handler = handlers[event.type];
    if (handler) await handler(event, tx);
  },
  // Every run is an ExecutionQueued: at a thousand runs a second, one update per run on
  // the same few rows would be most of this projection's work. A batch sums them per
  // workflow into one statement (counting commutes with every other change here).
  async applyBatch(events, tx) {
    const counts = new Map<string, { workflowId: string; organizationId: string; count: number; last: string }>();
    for (const event of events) {
      const context = contextOfStream(event.streamId);
      if (context === 'execution') {
        if (event.type !== 'ExecutionQueued') continue;
        const d = event.data as { workflowId: string; organizationId: string; queuedAt: string };
        const entry = counts.get(d.workflowId) ?? { workflowId: d.workflowId, organizationId: d.organizationId, count: 0, last: d.queuedAt };
        entry.count += 1;
        if (d.queuedAt > entry.last) entry.last = d.queuedAt;
        counts.set(d.workflowId, entry);
      } else if (context === 'workflows') {
        const handler = handlers[event.type];
        if (handler) await handler(event, tx);
      }
    }
    if (counts.size === 0) return;
    const rows = [...counts.values()];
    await tx.query(
      `update ${tx.table('workflows')} w set execution_count = w.execution_count + c.n, last_executed_at = greatest(w.last_executed_at, c.last)
         from unnest($1::uuid[], $2::uuid[], $3::int[], $4::timestamptz[]) as c(id, organization_id, n, last)
        where w.id = c.id and w.organization_id = c.organization_id`,
      [rows.map((r) => r.workflowId), rows.map((r) => r.organizationId), rows.map((r) => r.count), rows.map((r) => r.last)],
    );
  },
};

/** `execution_count` and `last_executed_at`, from the execution context's ExecutionQueued (one per run). */
async function countExecution(event: RecordedEvent, tx: ProjectionTransaction): Promise<void> {
  const d = event.data as { workflowId: string; organizationId: string; queuedAt: string };
  await tx.query(
    `update ${tx.table('workflows')} set execution_count = execution_count + 1, last_executed_at = greatest(last_executed_at, $3::timestamptz) where id = $1 and organization_id = $2`,
    [d.workflowId, d.organizationId, d.queuedAt],
  );
}

const definitionOf = (c: Content) => JSON.stringify({ nodes: c.nodes, connections: c.connections, settings: c.settings });

async function insertVersion(tx: ProjectionTransaction, d: Ids & Content & { version: number; changed: readonly string[] }, by: string, at: string): Promise<void> {
  await tx.query(
    `insert into ${tx.table('workflow_versions')} (workflow_id, version, organization_id, name, description, team_id, workflow_data, settings, tags, changed, created_by, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) on conflict do nothing`,
    [d.workflowId, d.version, d.organizationId, d.name, d.description, d.teamId, definitionOf(d), JSON.stringify(d.settings), d.tags, d.changed, by, at],
  );
}

async function set(tx: ProjectionTransaction, d: Ids, assignments: string, values: readonly unknown[]): Promise<void> {
  await tx.query(`update ${tx.table('workflows')} set ${assignments} where id = $1 and organization_id = $2`, [d.workflowId, d.organizationId, ...values]);
}

const handlers: Record<string, (event: RecordedEvent, tx: ProjectionTransaction) => Promise<void>> = {
  async WorkflowCreated(event, tx) {
    const d = event.data as Created;
    await tx.query(
      `insert into ${tx.table('workflows')} (id, organization_id, team_id, name, slug, description, workflow_data, settings, tags, version, status, is_template, from_template_id, created_by, updated_by, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'draft', $11, $12, $13, $13, $14, $14) on conflict do nothing`,
      [d.workflowId, d.organizationId, d.teamId, d.name, d.slug, d.description, definitionOf(d), JSON.stringify(d.settings), d.tags, d.version, d.isTemplate, d.fromTemplateId, d.createdBy, d.createdAt],
    );
    await insertVersion(tx, { ...d, changed: [] }, d.createdBy, d.createdAt);
  },
  async WorkflowUpdated(event, tx) {
    const d = event.data as Updated;
    await tx.query(
      `update ${tx.table('workflows')} set team_id = $3, name = $4, description = $5, workflow_data = $6, settings = $7, tags = $8, version = $9, updated_by = $10, updated_at = $11
        where id = $1 and organization_id = $2 and version < $9`,
      [d.workflowId, d.organizationId, d.teamId, d.name, d.description, definitionOf(d), JSON.stringify(d.settings), d.tags, d.version, d.updatedBy, d.updatedAt],
    );
    await insertVersion(tx, d, d.updatedBy, d.updatedAt);
  },
  async WorkflowPublished(event, tx) {
    const d = event.data as Published;
    await set(tx, d, `published_version = $3, status = 'published', published_at = $4, updated_at = greatest(updated_at, $4)`, [d.version, d.publishedAt]);
  },
  async WorkflowActivated(event, tx) {
    const d = event.data as Activated;
    await set(tx, d, 'is_active = true, active_version = $3, webhooks = $4, schedules = $5, activated_at = $6, updated_at = greatest(updated_at, $6)', [
      d.version,
      JSON.stringify(d.webhooks),
      JSON.stringify(d.schedules),
      d.activatedAt,
    ]);
  },
  async WorkflowDeactivated(event, tx) {
    const d = event.data as Deactivated;
    await set(tx, d, `is_active = false, active_version = null, webhooks = '[]', schedules = '[]', updated_at = greatest(updated_at, $3)`, [d.deactivatedAt]);
  },
  async WorkflowArchived(event, tx) {
    const d = event.data as Archived;
    await set(tx, d, `status = 'archived', archived_at = $3, updated_at = greatest(updated_at, $3)`, [d.archivedAt]);
  },
  async WorkflowDeleted(event, tx) {
    const d = event.data as Deleted;
    await set(tx, d, 'deleted_at = $3, is_active = false, updated_at = greatest(updated_at, $3)', [d.deletedAt]);
  },
};
