import { tenantIsolationDdl } from '@weft/postgres';
import { type ProjectionTable } from '@weft/projections';

// The execution context's own copy of what it needs from the workflows context. Index
// and constraint names derive from the table name (the rebuild's swap renames them).
// `position` columns hold `events.global_position` values (bigint).

/** Every version's content, immutable once written. Tenant table: row-level security. */
const workflowVersions = (t: string) => [
  `create table ${t} (
     workflow_id uuid not null,
     version integer not null,
     organization_id uuid not null,
     name text not null,
     definition jsonb not null,
     created_by uuid not null,
     created_at timestamptz not null,
     position bigint not null,
     constraint ${t}_pkey primary key (workflow_id, version)
   )`,
  `create index ${t}_org_idx on ${t} (organization_id, workflow_id)`,
  ...tenantIsolationDdl(t),
];

/** One row per active workflow: the version it runs, on which routes and schedules. Tenant table: row-level security. */
const activeWorkflows = (t: string) => [
  `create table ${t} (
     workflow_id uuid not null,
     organization_id uuid not null,
     version integer not null,
     owner_id uuid,
     webhooks jsonb not null default '[]',
     schedules jsonb not null default '[]',
     activated_by uuid,
     activated_at timestamptz not null,
     position bigint not null,
     constraint ${t}_pkey primary key (workflow_id)
   )`,
  `create index ${t}_org_idx on ${t} (organization_id)`,
  ...tenantIsolationDdl(t),
];

/**
 * The webhook routes of the active workflows, one row per route shape (platform-wide
 * unique, as the workflows service's route reservations guarantee).
 *
 * No row-level security, on purpose: a webhook call names no organization
 * (`ANY /webhook/{path}`), so this table is read before any tenant is known; a tenant
 * policy would hide every row from that lookup. It holds routing facts only (method,
 * path, ids, version); the organization a match yields is what the caller then scopes
 * everything else by.
 */
const webhookRoutes = (t: string) => [
  `create table ${t} (
     shape text not null,
     method text not null,
     path text not null,
     segments text[] not null,
     segment_count integer not null,
     first_segment text not null,
     specificity text not null,
     workflow_id uuid not null,
     organization_id uuid not null,
     node_id text not null,
     version integer not null,
     position bigint not null,
     constraint ${t}_pkey primary key (shape)
   )`,
  // The lookup: same method and segment count, first segment the request's or a parameter.
  `create index ${t}_lookup_idx on ${t} (method, segment_count, first_segment)`,
  `create index ${t}_workflow_idx on ${t} (workflow_id)`,
];

/**
 * One row per workflow the catalog has seen an event of: its owner, the position of the
 * last Workflow event applied (`position`: what the cache compares an invalidation
 * with), and of the last activation-changing event (`lifecycle_position`: the
 * out-of-order guard, which outlives the active row it guards).
 *
 * No row-level security: the cache reads it on the webhook path, before a tenant is known.
 */
const catalogWorkflows = (t: string) => [
  `create table ${t} (
     workflow_id uuid not null,
     organization_id uuid not null,
     owner_id uuid,
     position bigint not null,
     lifecycle_position bigint not null default 0,
     constraint ${t}_pkey primary key (workflow_id)
   )`,
];

export const catalogTables: readonly ProjectionTable[] = [
  { name: 'execution_workflow_versions', create: workflowVersions },
  { name: 'execution_active_workflows', create: activeWorkflows },
  { name: 'execution_webhook_routes', create: webhookRoutes },
  { name: 'execution_catalog_workflows', create: catalogWorkflows },
];
