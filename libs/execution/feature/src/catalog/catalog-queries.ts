import { type ActiveScheduleData } from '@weft/contracts';
import { type Queryable } from '@weft/postgres';
import { normalizeMethod, paramsOf, requestPathOf } from './webhook-routes.js';
import { isUuid } from '@weft/kernel';

// Reads of the execution catalog. The tenant tables are filtered on organization_id by
// every query; the route lookup and the positions are platform reads (no tenant yet).

/** The active webhook route a request matches. */
export interface ActiveRoute {
  readonly workflowId: string;
  readonly organizationId: string;
  /** The active version: the one to run. */
  readonly version: number;
  /** The webhook trigger node. */
  readonly nodeId: string;
  /** The route's path as declared, parameter names kept: `orders/:id`. */
  readonly path: string;
  /** The values of the path's parameters, decoded: `{id: '123'}`. */
  readonly params: Readonly<Record<string, string>>;
  /** Who activated it: the authority of its runs over credentials (`null` when unknown). */
  readonly authorityId: string | null;
}

interface RouteRow {
  workflow_id: string;
  organization_id: string;
  version: number;
  node_id: string;
  path: string;
  activated_by: string | null;
}

/**
 * The active route `method requestPath` matches, or `undefined`. The request's first
 * segment is literal in every route it can match, and only the routes of the
 * organization holding that segment's namespace are served (a route from before the
 * rule, under a parameter or another organization's segment, never is). Of those with
 * the same method and segment count whose literal segments equal the request's, the
 * one with a literal at the leftmost position where they differ wins (`orders/big`
 * before `orders/:id`). `requestPath` is what follows `/webhook/` (a query string is
 * ignored). A platform read: the route is what tells which organization a call is for.
 */
export async function findActiveRoute(db: Queryable, method: string, requestPath: string): Promise<ActiveRoute | undefined> {
  const m = normalizeMethod(method);
  const request = requestPathOf(requestPath);
  if (m === undefined || request === undefined) return undefined;
  const { rows } = await db.query<RouteRow>(
    `select r.workflow_id, r.organization_id, r.version, r.node_id, r.path, a.activated_by from execution_webhook_routes r
       join execution_webhook_namespaces n on n.segment = lower(r.first_segment) and n.organization_id = r.organization_id
       left join execution_active_workflows a on a.workflow_id = r.workflow_id
      where r.method = $1 and r.segment_count = $2 and r.first_segment = $3
        and not exists (select from unnest(r.segments, $4::text[]) as u(s, q) where s <> ':' and s is distinct from q)
      order by r.specificity limit 1`,
    [m, request.segments.length, request.segments[0], request.segments],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  return {
    workflowId: row.workflow_id,
    organizationId: row.organization_id,
    version: row.version,
    nodeId: row.node_id,
    path: row.path,
    params: paramsOf(row.path, request.segments),
    authorityId: row.activated_by,
  };
}

/** One version's content, as the engine runs it. */
export interface WorkflowDefinition {
  readonly nodes: readonly unknown[];
  readonly connections: readonly unknown[];
  readonly settings: Readonly<Record<string, unknown>>;
}

export interface CatalogWorkflowVersion {
  readonly workflowId: string;
  readonly organizationId: string;
  readonly version: number;
  readonly name: string;
  readonly definition: WorkflowDefinition;
  /** Who saved this version: the authority of its manual, API, sub-workflow and error-workflow runs (`null`: unknown, saved before it was kept). */
  readonly authorId: string | null;
}

interface VersionRow {
  workflow_id: string;
  organization_id: string;
  version: number;
  name: string;
  definition: WorkflowDefinition;
  authored_by: string | null;
}

export async function findWorkflowVersion(
  db: Queryable,
  organizationId: string,
  workflowId: string,
  version: number,
): Promise<CatalogWorkflowVersion | undefined> {
  if (!isUuid(organizationId) || !isUuid(workflowId) || !Number.isInteger(version)) return undefined;
  const { rows } = await db.query<VersionRow>(
    'select workflow_id, organization_id, version, name, definition, authored_by from execution_workflow_versions where organization_id = $1 and workflow_id = $2 and version = $3',
    [organizationId, workflowId, version],
  );
  const row = rows[0];
  return row === undefined
    ? undefined
    : {
        workflowId: row.workflow_id,
        organizationId: row.organization_id,
        version: row.version,
        name: row.name,
        definition: row.definition,
        authorId: row.authored_by,
      };
}

export interface ActiveWebhook {
  readonly method: string;
  readonly path: string;
  readonly nodeId: string;
}

/** A schedule trigger of an active workflow, as the workflows context publishes it. */
export type ActiveSchedule = ActiveScheduleData;

export interface ActiveWorkflow {
  readonly workflowId: string;
  readonly organizationId: string;
  readonly version: number;
  /** `null` only when the catalog never saw the workflow's creation. */
  readonly ownerId: string | null;
  readonly webhooks: readonly ActiveWebhook[];
  readonly schedules: readonly ActiveSchedule[];
  readonly activatedAt: string;
  /** The global position of the activation. */
  readonly position: bigint;
}

interface ActiveRow {
  workflow_id: string;
  organization_id: string;
  version: number;
  owner_id: string | null;
  webhooks: ActiveWebhook[];
  schedules: ActiveSchedule[];
  activated_at: Date;
  position: string;
}

const activeOf = (row: ActiveRow): ActiveWorkflow => ({
  workflowId: row.workflow_id,
  organizationId: row.organization_id,
  version: row.version,
  ownerId: row.owner_id,
  webhooks: row.webhooks,
  schedules: row.schedules,
  activatedAt: row.activated_at.toISOString(),
  position: BigInt(row.position),
});

export async function findActiveWorkflow(db: Queryable, organizationId: string, workflowId: string): Promise<ActiveWorkflow | undefined> {
  if (!isUuid(organizationId) || !isUuid(workflowId)) return undefined;
  const { rows } = await db.query<ActiveRow>('select * from execution_active_workflows where organization_id = $1 and workflow_id = $2', [
    organizationId,
    workflowId,
  ]);
  return rows[0] === undefined ? undefined : activeOf(rows[0]);
}

/** An active workflow's schedules, for the scheduler. */
export interface ActiveSchedules {
  readonly workflowId: string;
  readonly organizationId: string;
  readonly version: number;
  readonly ownerId: string | null;
  readonly schedules: readonly ActiveSchedule[];
  readonly position: bigint;
}

/** Every active workflow that has schedules, across organizations (a platform read), by workflow id. */
export async function listActiveSchedules(db: Queryable): Promise<ActiveSchedules[]> {
  const { rows } = await db.query<ActiveRow>(
    `select workflow_id, organization_id, version, owner_id, schedules, position from execution_active_workflows
      where jsonb_array_length(schedules) > 0 order by workflow_id`,
  );
  return rows.map((row) => ({
    workflowId: row.workflow_id,
    organizationId: row.organization_id,
    version: row.version,
    ownerId: row.owner_id,
    schedules: row.schedules,
    position: BigInt(row.position),
  }));
}

/** The catalog's position of each of these workflows (the last Workflow event it applied); absent ones it has not seen. */
export async function findCatalogPositions(db: Queryable, workflowIds: readonly string[]): Promise<Map<string, bigint>> {
  const ids = workflowIds.filter((id) => isUuid(id));
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ workflow_id: string; position: string }>(
    'select workflow_id, position from execution_catalog_workflows where workflow_id = any($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((row) => [row.workflow_id, BigInt(row.position)]));
}
