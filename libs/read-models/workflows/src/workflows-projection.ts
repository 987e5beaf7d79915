import {
  type ExecutionQueuedData,
  type PublicWorkflowsEvent,
  type WorkflowContentData,
  type WorkflowCreatedData,
  type WorkflowUpdatedData,
} from '@weft/contracts';
import { contextOfStream } from '@weft/kernel';
import { type ProjectionDefinition, type ProjectionTransaction } from '@weft/projections';
import { isExecutionEvent, isWorkflowsEvent } from './contract-events.js';
import { workflowsTables } from './workflows-tables.js';

/** The projection's name: its checkpoint row, and what read-your-writes waits for. */
export const WORKFLOWS_PROJECTION = 'workflows';

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
    if (isExecutionEvent(event)) {
      if (event.type === 'ExecutionQueued') await countRuns(tx, new RunCounts().add(event.data));
    } else if (isWorkflowsEvent(event)) {
      await applyWorkflowEvent(event, tx);
    }
  },
  // Every run is an ExecutionQueued: at a thousand runs a second, one update per run on
  // the same few rows would be most of this projection's work. A batch sums them per
  // workflow into one statement (counting commutes with every other change here).
  async applyBatch(events, tx) {
    const counts = new RunCounts();
    for (const event of events) {
      if (isExecutionEvent(event)) {
        if (event.type === 'ExecutionQueued') counts.add(event.data);
      } else if (isWorkflowsEvent(event)) {
        await applyWorkflowEvent(event, tx);
      }
    }
    await countRuns(tx, counts);
  },
};

/** Runs per workflow, and the latest queue time, summed from ExecutionQueued events. */
class RunCounts {
  readonly byWorkflow = new Map<string, { workflowId: string; organizationId: string; count: number; last: string }>();

  add({ workflowId, organizationId, queuedAt }: ExecutionQueuedData): this {
    const entry = this.byWorkflow.get(workflowId) ?? { workflowId, organizationId, count: 0, last: queuedAt };
    entry.count += 1;
    if (queuedAt > entry.last) entry.last = queuedAt;
    this.byWorkflow.set(workflowId, entry);
    return this;
  }
}

/** `execution_count` and `last_executed_at`: one statement for any number of workflows. */
async function countRuns(tx: ProjectionTransaction, counts: RunCounts): Promise<void> {
  if (counts.byWorkflow.size === 0) return;
  const rows = [...counts.byWorkflow.values()];
  await tx.query(
    `update ${tx.table('workflows')} w set execution_count = w.execution_count + c.n, last_executed_at = greatest(w.last_executed_at, c.last)
       from unnest($1::uuid[], $2::uuid[], $3::int[], $4::timestamptz[]) as c(id, organization_id, n, last)
      where w.id = c.id and w.organization_id = c.organization_id`,
    [rows.map((r) => r.workflowId), rows.map((r) => r.organizationId), rows.map((r) => r.count), rows.map((r) => r.last)],
  );
}

function applyWorkflowEvent(event: PublicWorkflowsEvent, tx: ProjectionTransaction): Promise<void> {
  switch (event.type) {
    case 'WorkflowCreated':
      return insertWorkflow(tx, event.data);
    case 'WorkflowUpdated':
      return updateWorkflow(tx, event.data);
    case 'WorkflowPublished':
      return set(tx, event.data, `published_version = $3, status = 'published', published_at = $4, updated_at = greatest(updated_at, $4)`, [
        event.data.version,
        event.data.publishedAt,
      ]);
    case 'WorkflowActivated': {
      const d = event.data;
      const assignments = 'is_active = true, active_version = $3, webhooks = $4, schedules = $5, activated_at = $6, updated_at = greatest(updated_at, $6)';
      return set(tx, d, assignments, [d.version, JSON.stringify(d.webhooks), JSON.stringify(d.schedules), d.activatedAt]);
    }
    case 'WorkflowDeactivated':
      return set(tx, event.data, `is_active = false, active_version = null, webhooks = '[]', schedules = '[]', updated_at = greatest(updated_at, $3)`, [
        event.data.deactivatedAt,
      ]);
    case 'WorkflowArchived':
      return set(tx, event.data, `status = 'archived', archived_at = $3, updated_at = greatest(updated_at, $3)`, [event.data.archivedAt]);
    case 'WorkflowDeleted':
      return set(tx, event.data, 'deleted_at = $3, is_active = false, updated_at = greatest(updated_at, $3)', [event.data.deletedAt]);
    default:
      // The Credential aggregate's events: the credentials projection's.
      return Promise.resolve();
  }
}

const definitionOf = (c: WorkflowContentData) => JSON.stringify({ nodes: c.nodes, connections: c.connections, settings: c.settings });

async function insertWorkflow(tx: ProjectionTransaction, d: WorkflowCreatedData): Promise<void> {
  await tx.query(
    `insert into ${tx.table('workflows')} (id, organization_id, team_id, name, slug, description, workflow_data, settings, tags, version, status, is_template, from_template_id, created_by, updated_by, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'draft', $11, $12, $13, $13, $14, $14) on conflict do nothing`,
    [
      d.workflowId,
      d.organizationId,
      d.teamId,
      d.name,
      d.slug,
      d.description,
      definitionOf(d),
      JSON.stringify(d.settings),
      d.tags,
      d.version,
      d.isTemplate,
      d.fromTemplateId,
      d.createdBy,
      d.createdAt,
    ],
  );
  await insertVersion(tx, d, [], d.createdBy, d.createdAt);
}

async function updateWorkflow(tx: ProjectionTransaction, d: WorkflowUpdatedData): Promise<void> {
  await tx.query(
    `update ${tx.table('workflows')} set team_id = $3, name = $4, description = $5, workflow_data = $6, settings = $7, tags = $8, version = $9, updated_by = $10, updated_at = $11
      where id = $1 and organization_id = $2 and version < $9`,
    [d.workflowId, d.organizationId, d.teamId, d.name, d.description, definitionOf(d), JSON.stringify(d.settings), d.tags, d.version, d.updatedBy, d.updatedAt],
  );
  await insertVersion(tx, d, d.changed, d.updatedBy, d.updatedAt);
}

async function insertVersion(
  tx: ProjectionTransaction,
  d: WorkflowCreatedData | WorkflowUpdatedData,
  changed: readonly string[],
  by: string,
  at: string,
): Promise<void> {
  await tx.query(
    `insert into ${tx.table('workflow_versions')} (workflow_id, version, organization_id, name, description, team_id, workflow_data, settings, tags, changed, created_by, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) on conflict do nothing`,
    [d.workflowId, d.version, d.organizationId, d.name, d.description, d.teamId, definitionOf(d), JSON.stringify(d.settings), d.tags, changed, by, at],
  );
}

/** An update of one workflow's row; `$1` and `$2` are its id and organization, `values` follow from `$3`. */
async function set(
  tx: ProjectionTransaction,
  d: { readonly workflowId: string; readonly organizationId: string },
  assignments: string,
  values: readonly unknown[],
): Promise<void> {
  await tx.query(`update ${tx.table('workflows')} set ${assignments} where id = $1 and organization_id = $2`, [d.workflowId, d.organizationId, ...values]);
}
