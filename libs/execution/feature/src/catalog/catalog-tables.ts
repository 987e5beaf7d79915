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
     authored_by uuid,
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
  `create index ${t}_namespace_idx on ${t} (lower(first_segment), organization_id)`,
];

/**
 * Who holds each first segment of the shared `/webhook/` namespace: the organization
 * whose activation put the first route under it, until none of its routes is (the
 * workflows context's namespace claims decide who may activate; this is the router's
 * copy, so that a route that breaks the rule, from before it, is never served to the
 * wrong tenant). No row-level security, like the routes: read before a tenant is known.
 */
const webhookNamespaces = (t: string) => [
  `create table ${t} (
     segment text not null,
     organization_id uuid not null,
     position bigint not null,
     constraint ${t}_pkey primary key (segment)
   )`,
];

/**
 * Catalogs from before the namespace table: each segment goes to the organization of
 * its oldest route (the older owner keeps the path). Only into an empty table: once it
 * has rows, activations keep it, and a segment whose holder left stays free for the
 * next activation (as the workflows context's claims do), never handed to a route that
 * broke the rule.
 */
const namespacesOfExistingRoutes = (routes: string) => {
  const namespaces = routes.replace('execution_webhook_routes', 'execution_webhook_namespaces');
  return [
    `insert into ${namespaces} (segment, organization_id, position)
     select distinct on (lower(first_segment)) lower(first_segment), organization_id, position from ${routes}
      where first_segment <> ':' and not exists (select from ${namespaces}) order by lower(first_segment), position
     on conflict (segment) do nothing`,
    `create index if not exists ${routes}_namespace_idx on ${routes} (lower(first_segment), organization_id)`,
  ];
};

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

// Versions before `authored_by` was kept have none: their runs may use shared credentials only until saved again (docs/credentials.md).
const authorsOfVersions = (t: string) => [`alter table ${t} add column if not exists authored_by uuid`];

export const catalogTables: readonly ProjectionTable[] = [
  { name: 'execution_workflow_versions', create: workflowVersions, upgrade: authorsOfVersions },
  { name: 'execution_active_workflows', create: activeWorkflows },
  // Before the routes: their upgrade fills it.
  { name: 'execution_webhook_namespaces', create: webhookNamespaces },
  { name: 'execution_webhook_routes', create: webhookRoutes, upgrade: namespacesOfExistingRoutes },
  { name: 'execution_catalog_workflows', create: catalogWorkflows },
];
