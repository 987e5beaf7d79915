import { type Page, decodeCursor, pageOf, isUuid } from '@weft/kernel';
import { type Queryable, SqlWhere, type TenantTransaction, containsPattern } from '@weft/postgres';

// Tenant reads take the tenant transaction (`withTenant`): its organization is the one
// every query filters on, and row-level security backs the filter up. A query cannot be
// called for an organization without the transaction being that organization's.

export interface WorkflowSummary {
  readonly id: string;
  readonly organizationId: string;
  readonly teamId: string | null;
  readonly name: string;
  readonly slug: string;
  readonly description: string | null;
  readonly tags: readonly string[];
  readonly version: number;
  readonly publishedVersion: number | null;
  readonly activeVersion: number | null;
  readonly status: 'draft' | 'published' | 'archived';
  readonly isActive: boolean;
  readonly isTemplate: boolean;
  readonly executionCount: number;
  readonly lastExecutedAt: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One workflow with its current definition. */
export interface WorkflowView extends WorkflowSummary {
  readonly nodes: readonly unknown[];
  readonly connections: readonly unknown[];
  readonly settings: Record<string, unknown>;
  readonly webhooks: readonly unknown[];
  readonly schedules: readonly unknown[];
  readonly fromTemplateId: string | null;
}

interface WorkflowRow {
  id: string;
  organization_id: string;
  team_id: string | null;
  name: string;
  slug: string;
  description: string | null;
  workflow_data: { nodes: unknown[]; connections: unknown[]; settings: Record<string, unknown> };
  settings: Record<string, unknown>;
  tags: string[];
  version: number;
  published_version: number | null;
  active_version: number | null;
  status: WorkflowSummary['status'];
  is_active: boolean;
  is_template: boolean;
  from_template_id: string | null;
  webhooks: unknown[];
  schedules: unknown[];
  execution_count: string;
  last_executed_at: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

const summaryOf = (row: WorkflowRow): WorkflowSummary => ({
  id: row.id,
  organizationId: row.organization_id,
  teamId: row.team_id,
  name: row.name,
  slug: row.slug,
  description: row.description,
  tags: row.tags,
  version: row.version,
  publishedVersion: row.published_version,
  activeVersion: row.active_version,
  status: row.status,
  isActive: row.is_active,
  isTemplate: row.is_template,
  executionCount: Number(row.execution_count),
  lastExecutedAt: row.last_executed_at?.toISOString() ?? null,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const viewOf = (row: WorkflowRow): WorkflowView => ({
  ...summaryOf(row),
  nodes: row.workflow_data.nodes,
  connections: row.workflow_data.connections,
  settings: row.settings,
  webhooks: row.webhooks,
  schedules: row.schedules,
  fromTemplateId: row.from_template_id,
});

export interface WorkflowFilter {
  readonly status?: WorkflowSummary['status'];
  readonly tag?: string;
  readonly teamId?: string;
  /** Case-insensitive substring of the name. */
  readonly q?: string;
  readonly isTemplate?: boolean;
}

const SUMMARY_COLUMNS = `id, organization_id, team_id, name, slug, description, tags, version, published_version, active_version, status, is_active, is_template,
  execution_count, last_executed_at, created_by, created_at, updated_at`;

/**
 * The organization's workflows, most recently changed first, filtered; keyset-paged on
 * (updated_at, id) by the `(organization_id, updated_at desc, id desc)` index.
 */
export async function listWorkflows(tx: TenantTransaction, filter: WorkflowFilter, limit: number, cursor?: string): Promise<Page<WorkflowSummary>> {
  const after = decodeCursor(cursor, ['timestamp', 'uuid']);
  const where = new SqlWhere();
  where.and(`organization_id = ${where.param(tx.organizationId)}`).and('deleted_at is null');
  if (filter.status) where.and(`status = ${where.param(filter.status)}`);
  if (filter.tag) where.and(`tags @> array[${where.param(filter.tag)}::text]`);
  if (filter.teamId) where.and(`team_id = ${where.param(filter.teamId)}::uuid`);
  if (filter.q) where.and(`name ilike ${where.param(containsPattern(filter.q))}`);
  if (filter.isTemplate !== undefined) where.and(`is_template = ${where.param(filter.isTemplate)}`);
  if (after) where.and(`(updated_at, id) < (${where.param(after[0])}::timestamptz, ${where.param(after[1])}::uuid)`);
  const { rows } = await tx.query<WorkflowRow>(
    `select ${SUMMARY_COLUMNS} from workflows where ${where.sql} order by updated_at desc, id desc limit ${where.param(limit + 1)}`,
    where.values,
  );
  return pageOf(rows, limit, summaryOf, (row) => [row.updated_at.toISOString(), row.id]);
}

export async function findWorkflow(tx: TenantTransaction, workflowId: string): Promise<WorkflowView | undefined> {
  if (!isUuid(workflowId)) return undefined;
  const { rows } = await tx.query<WorkflowRow>('select * from workflows where organization_id = $1 and id = $2 and deleted_at is null', [
    tx.organizationId,
    workflowId,
  ]);
  return rows[0] === undefined ? undefined : viewOf(rows[0]);
}

export interface WorkflowVersionView {
  readonly workflowId: string;
  readonly version: number;
  readonly name: string;
  readonly description: string | null;
  readonly teamId: string | null;
  readonly tags: readonly string[];
  readonly changed: readonly string[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly nodes?: readonly unknown[];
  readonly connections?: readonly unknown[];
  readonly settings?: Record<string, unknown>;
}

interface VersionRow {
  workflow_id: string;
  version: number;
  name: string;
  description: string | null;
  team_id: string | null;
  tags: string[];
  changed: string[];
  created_by: string;
  created_at: Date;
  workflow_data?: { nodes: unknown[]; connections: unknown[]; settings: Record<string, unknown> };
}

const versionOf = (row: VersionRow): WorkflowVersionView => ({
  workflowId: row.workflow_id,
  version: row.version,
  name: row.name,
  description: row.description,
  teamId: row.team_id,
  tags: row.tags,
  changed: row.changed,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
  ...(row.workflow_data ? { nodes: row.workflow_data.nodes, connections: row.workflow_data.connections, settings: row.workflow_data.settings } : {}),
});

/** Versions newest first, without their content (one version's content: `findWorkflowVersion`). */
export async function listWorkflowVersions(tx: TenantTransaction, workflowId: string, limit: number, cursor?: string): Promise<Page<WorkflowVersionView>> {
  if (!isUuid(workflowId)) return { data: [], nextCursor: null };
  const after = decodeCursor(cursor, ['int']);
  const { rows } = await tx.query<VersionRow>(
    `select workflow_id, version, name, description, team_id, tags, changed, created_by, created_at from workflow_versions
      where organization_id = $1 and workflow_id = $2 and ($3::int is null or version < $3) order by version desc limit $4`,
    [tx.organizationId, workflowId, after?.[0] ?? null, limit + 1],
  );
  return pageOf(rows, limit, versionOf, (row) => [row.version]);
}

export async function findWorkflowVersion(tx: TenantTransaction, workflowId: string, version: number): Promise<WorkflowVersionView | undefined> {
  if (!isUuid(workflowId) || !Number.isInteger(version)) return undefined;
  const { rows } = await tx.query<VersionRow>('select * from workflow_versions where organization_id = $1 and workflow_id = $2 and version = $3', [
    tx.organizationId,
    workflowId,
    version,
  ]);
  return rows[0] === undefined ? undefined : versionOf(rows[0]);
}

/** How many workflows the organization has, deleted ones left out (the plan limit counts these). */
export async function countWorkflows(tx: TenantTransaction): Promise<number> {
  const { rows } = await tx.query<{ count: string }>('select count(*) as count from workflows where organization_id = $1 and deleted_at is null', [
    tx.organizationId,
  ]);
  return Number(rows[0]?.count ?? 0);
}

/** An active workflow's webhook routes, as its activation registered them. */
export interface ActiveWebhookRoutes {
  readonly workflowId: string;
  readonly organizationId: string;
  readonly webhooks: readonly { readonly method: string; readonly path: string; readonly nodeId: string }[];
}

/**
 * Every active workflow that has webhooks, across organizations, oldest activation
 * first. A platform read, so on the plain connection rather than a tenant transaction:
 * the start-up audit of the webhook namespaces (which organization holds which first
 * segment) is a question about all organizations at once.
 */
export async function listActiveWebhookRoutes(db: Queryable): Promise<ActiveWebhookRoutes[]> {
  const { rows } = await db.query<{ id: string; organization_id: string; webhooks: ActiveWebhookRoutes['webhooks'] }>(
    `select id, organization_id, webhooks from workflows
      where is_active and deleted_at is null and jsonb_typeof(webhooks) = 'array' and jsonb_array_length(webhooks) > 0
      order by activated_at, id`,
  );
  return rows.map((row) => ({ workflowId: row.id, organizationId: row.organization_id, webhooks: row.webhooks }));
}
