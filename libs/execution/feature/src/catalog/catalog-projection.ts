import { type RecordedEvent } from '@weft/kernel';
import { type ProjectionDefinition, type ProjectionTransaction } from '@weft/projections';
import { type ActivatedData, type CreatedData, type UpdatedData, type WorkflowIds, catalogWorkflowIdOf, globalPositionOf } from './catalog-events.js';
import { catalogTables } from './catalog-tables.js';
import { PARAM, catalogRouteOf } from './webhook-routes.js';

/** The projection's name: its checkpoint row, and what read-your-writes waits for. */
export const EXECUTION_CATALOG_PROJECTION = 'execution_catalog';

/** Events that change whether (and what) a workflow runs: guarded by `lifecycle_position`. */
const LIFECYCLE = new Set(['WorkflowActivated', 'WorkflowDeactivated', 'WorkflowArchived', 'WorkflowDeleted']);

/**
 * The execution context's catalog of workflows, from the workflows context's published
 * Workflow events: every version's content, the active workflows and their webhook
 * routes. Every statement is idempotent and guarded by the event's global position, so
 * a redelivered or late event changes nothing it should not.
 */
export const executionCatalogProjection: ProjectionDefinition = {
  name: EXECUTION_CATALOG_PROJECTION,
  tables: catalogTables,
  accepts: (event) => catalogWorkflowIdOf(event) !== undefined,
  async apply(event, tx) {
    const workflowId = catalogWorkflowIdOf(event);
    if (workflowId === undefined) return;
    const position = globalPositionOf(event);
    const data = event.data as WorkflowIds;
    const owner = event.type === 'WorkflowCreated' ? (event.data as CreatedData).createdBy : null;
    // Every Workflow event moves the workflow's catalog position (the cache waits for it).
    await tx.query(
      `insert into ${tx.table('execution_catalog_workflows')} as c (workflow_id, organization_id, owner_id, position) values ($1, $2, $3, $4)
       on conflict (workflow_id) do update set position = greatest(c.position, excluded.position), owner_id = coalesce(c.owner_id, excluded.owner_id)`,
      [workflowId, data.organizationId, owner, String(position)],
    );
    if (LIFECYCLE.has(event.type)) {
      const { rowCount } = await tx.query(
        `update ${tx.table('execution_catalog_workflows')} set lifecycle_position = $2 where workflow_id = $1 and lifecycle_position < $2`,
        [workflowId, String(position)],
      );
      if (!rowCount) return; // an activation change at or after this one is already applied
    }
    const handler = handlers[event.type];
    if (handler) await handler({ ...data, workflowId }, event, String(position), tx);
  },
};

type Handler = (ids: WorkflowIds, event: RecordedEvent, position: string, tx: ProjectionTransaction) => Promise<void>;

const definitionOf = (c: CreatedData | UpdatedData) => JSON.stringify({ nodes: c.nodes, connections: c.connections, settings: c.settings });

/** `author`: who saved this version, the authority of the manual, API, sub-workflow and error-workflow runs of it. */
async function insertVersion(
  tx: ProjectionTransaction,
  ids: WorkflowIds,
  d: CreatedData | UpdatedData,
  author: string,
  at: string,
  position: string,
): Promise<void> {
  // `created_by` is the workflow's owner (its creator); `authored_by` the author of this version.
  await tx.query(
    `insert into ${tx.table('execution_workflow_versions')} (workflow_id, version, organization_id, name, definition, created_by, authored_by, created_at, position)
     values ($1, $2, $3, $4, $5, coalesce((select owner_id from ${tx.table('execution_catalog_workflows')} where workflow_id = $1), $6), $6, $7, $8)
     on conflict do nothing`,
    [ids.workflowId, d.version, ids.organizationId, d.name, definitionOf(d), author, at, position],
  );
}

async function removeActivation(ids: WorkflowIds, position: string, tx: ProjectionTransaction): Promise<void> {
  await tx.query(`delete from ${tx.table('execution_active_workflows')} where workflow_id = $1 and position < $2`, [ids.workflowId, position]);
  await releaseNamespaces(ids.organizationId, await removeRoutes(ids, position, tx), tx);
}

/** Deletes the workflow's routes from before `position`; their first segments (lower-cased). */
async function removeRoutes(ids: WorkflowIds, position: string, tx: ProjectionTransaction): Promise<string[]> {
  const { rows } = await tx.query<{ segment: string }>(
    `delete from ${tx.table('execution_webhook_routes')} where workflow_id = $1 and position < $2 returning lower(first_segment) as segment`,
    [ids.workflowId, position],
  );
  return [...new Set(rows.map((row) => row.segment))];
}

/** The first segments of the activation go to its organization where nobody holds them (a holder keeps its own). */
async function claimNamespaces(organizationId: string, webhooks: ActivatedData['webhooks'], position: string, tx: ProjectionTransaction): Promise<void> {
  const segments = (webhooks ?? [])
    .map((webhook) => catalogRouteOf(webhook.method, webhook.path)?.segments[0])
    .filter((s): s is string => s !== undefined && s !== PARAM);
  if (segments.length === 0) return;
  await tx.query(
    `insert into ${tx.table('execution_webhook_namespaces')} (segment, organization_id, position) select distinct lower(s), $2::uuid, $3::bigint from unnest($1::text[]) as s
     on conflict (segment) do nothing`,
    [segments, organizationId, position],
  );
}

/** Of `segments`, the ones the organization holds and has no route under anymore become free. */
async function releaseNamespaces(organizationId: string, segments: readonly string[], tx: ProjectionTransaction): Promise<void> {
  if (segments.length === 0) return;
  await tx.query(
    `delete from ${tx.table('execution_webhook_namespaces')} n where n.segment = any($1::text[]) and n.organization_id = $2
      and not exists (select from ${tx.table('execution_webhook_routes')} r where lower(r.first_segment) = n.segment and r.organization_id = n.organization_id)`,
    [segments, organizationId],
  );
}

const handlers: Record<string, Handler> = {
  async WorkflowCreated(ids, event, position, tx) {
    const d = event.data as CreatedData;
    await insertVersion(tx, ids, d, d.createdBy, d.createdAt, position);
    // Only after an out-of-order delivery did a later version guess its owner: correct it.
    await tx.query(`update ${tx.table('execution_workflow_versions')} set created_by = $2 where workflow_id = $1 and created_by <> $2`, [
      ids.workflowId,
      d.createdBy,
    ]);
    await tx.query(`update ${tx.table('execution_active_workflows')} set owner_id = $2 where workflow_id = $1 and owner_id is distinct from $2`, [
      ids.workflowId,
      d.createdBy,
    ]);
  },
  async WorkflowUpdated(ids, event, position, tx) {
    const d = event.data as UpdatedData;
    await insertVersion(tx, ids, d, d.updatedBy, d.updatedAt, position);
  },
  async WorkflowActivated(ids, event, position, tx) {
    const d = event.data as ActivatedData;
    await tx.query(
      `insert into ${tx.table('execution_active_workflows')} as a (workflow_id, organization_id, version, owner_id, webhooks, schedules, activated_by, activated_at, position)
       values ($1, $2, $3, (select owner_id from ${tx.table('execution_catalog_workflows')} where workflow_id = $1), $4, $5, $6, $7, $8)
       on conflict (workflow_id) do update set organization_id = excluded.organization_id, version = excluded.version, owner_id = excluded.owner_id, webhooks = excluded.webhooks,
         schedules = excluded.schedules, activated_by = excluded.activated_by, activated_at = excluded.activated_at, position = excluded.position
       where a.position < excluded.position`,
      [
        ids.workflowId,
        ids.organizationId,
        d.version,
        JSON.stringify(d.webhooks ?? []),
        JSON.stringify(d.schedules ?? []),
        d.activatedBy,
        d.activatedAt,
        position,
      ],
    );
    // A new activation replaces the routes of the earlier one.
    const removed = await removeRoutes(ids, position, tx);
    for (const webhook of d.webhooks ?? []) {
      // The workflows service validated the route; one that does not parse here is skipped,
      // not thrown: a poison event would stop the whole catalog.
      const route = catalogRouteOf(webhook.method, webhook.path);
      if (route === undefined) continue;
      await tx.query(
        `insert into ${tx.table('execution_webhook_routes')} as r (shape, method, path, segments, segment_count, first_segment, specificity, workflow_id, organization_id, node_id, version, position)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         on conflict (shape) do update set method = excluded.method, path = excluded.path, segments = excluded.segments, segment_count = excluded.segment_count,
           first_segment = excluded.first_segment, specificity = excluded.specificity, workflow_id = excluded.workflow_id, organization_id = excluded.organization_id,
           node_id = excluded.node_id, version = excluded.version, position = excluded.position
         where r.position < excluded.position`,
        [
          route.shape,
          route.method,
          route.path,
          route.segments,
          route.segments.length,
          route.segments[0],
          route.specificity,
          ids.workflowId,
          ids.organizationId,
          webhook.nodeId,
          d.version,
          position,
        ],
      );
    }
    await claimNamespaces(ids.organizationId, d.webhooks, position, tx);
    await releaseNamespaces(ids.organizationId, removed, tx);
  },
  WorkflowDeactivated: (ids, _event, position, tx) => removeActivation(ids, position, tx),
  WorkflowArchived: (ids, _event, position, tx) => removeActivation(ids, position, tx),
  WorkflowDeleted: (ids, _event, position, tx) => removeActivation(ids, position, tx),
};
