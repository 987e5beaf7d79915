import { tenantIsolationDdl } from '@weft/postgres';
import { type ProjectionTable } from '@weft/projections';

// The reference schema's `workflows` and `workflow_versions`, in PostgreSQL types, with
// the indexes the list and lookups use, and row-level security on organization_id.

const workflows = (t: string) => [
  `create table ${t} (
     id uuid not null,
     organization_id uuid not null,
     team_id uuid,
     name text not null,
     slug text not null,
     description text,
     workflow_data jsonb not null,
     settings jsonb not null default '{}',
     tags text[] not null default '{}',
     version integer not null,
     published_version integer,
     active_version integer,
     status text not null,
     is_active boolean not null default false,
     is_template boolean not null default false,
     from_template_id uuid,
     webhooks jsonb not null default '[]',
     schedules jsonb not null default '[]',
     execution_count bigint not null default 0,
     last_executed_at timestamptz,
     created_by uuid not null,
     updated_by uuid not null,
     created_at timestamptz not null,
     updated_at timestamptz not null,
     published_at timestamptz,
     activated_at timestamptz,
     archived_at timestamptz,
     deleted_at timestamptz,
     constraint ${t}_pkey primary key (id),
     constraint ${t}_status_check check (status in ('draft', 'published', 'archived'))
   )`,
  // A deleted workflow gives its slug back (the reservation stream decides uniqueness).
  `create unique index ${t}_organization_id_slug_key on ${t} (organization_id, slug) where deleted_at is null`,
  // The list: newest change first, keyset-paged on (updated_at, id), deleted ones left out.
  `create index ${t}_organization_id_updated_at_idx on ${t} (organization_id, updated_at desc, id desc) where deleted_at is null`,
  `create index ${t}_organization_id_status_idx on ${t} (organization_id, status) where deleted_at is null`,
  `create index ${t}_organization_id_team_id_idx on ${t} (organization_id, team_id) where deleted_at is null`,
  `create index ${t}_tags_idx on ${t} using gin (tags)`,
  ...tenantIsolationDdl(t),
];

const workflowVersions = (t: string) => [
  `create table ${t} (
     workflow_id uuid not null,
     version integer not null,
     organization_id uuid not null,
     name text not null,
     description text,
     team_id uuid,
     workflow_data jsonb not null,
     settings jsonb not null default '{}',
     tags text[] not null default '{}',
     changed text[] not null default '{}',
     created_by uuid not null,
     created_at timestamptz not null,
     constraint ${t}_pkey primary key (workflow_id, version)
   )`,
  `create index ${t}_organization_id_idx on ${t} (organization_id, workflow_id)`,
  ...tenantIsolationDdl(t),
];

export const workflowsTables: readonly ProjectionTable[] = [
  { name: 'workflows', create: workflows },
  { name: 'workflow_versions', create: workflowVersions },
];
