import { type ProjectionTable } from '@weft/projections';
import { tenantIsolationDdl } from '@weft/postgres';

// The reference schema's tenancy tables, in PostgreSQL types: enums are text with check
// constraints, so adding a value is a constraint change and never a type migration.
// Every table carries its organization (`organizations` is keyed by it) and row-level
// security on it: queries of a tenant run as the reader role with the organization set
// (withTenant), so one that forgets its filter still sees only that organization.

// The reference's statuses, and `suspended` (an unpaid organization whose runs are refused, its data kept).
const SUBSCRIPTION_STATUSES = ['trial', 'active', 'past_due', 'canceled', 'unpaid', 'suspended'].map((status) => `'${status}'`).join(', ');

const organizations = (t: string) => [
  `create table ${t} (
     id uuid not null,
     name text not null,
     slug text not null,
     description text,
     owner_id uuid not null,
     settings jsonb not null default '{}',
     subscription_status text not null default 'trial',
     subscription_plan text,
     trial_started_at timestamptz,
     trial_ends_at timestamptz,
     subscription_ends_at timestamptz,
     plan_limits jsonb,
     is_active boolean not null default true,
     created_at timestamptz not null,
     updated_at timestamptz not null,
     constraint ${t}_pkey primary key (id),
     constraint ${t}_subscription_status_check check (subscription_status in (${SUBSCRIPTION_STATUSES}))
   )`,
  `create unique index ${t}_slug_key on ${t} (slug)`,
  `create index ${t}_owner_id_idx on ${t} (owner_id)`,
  ...tenantIsolationDdl(t, { tenantColumn: 'id' }),
];

const organizationUsers = (t: string) => [
  `create table ${t} (
     organization_id uuid not null,
     user_id uuid not null,
     role text not null,
     invitation_id uuid,
     joined_at timestamptz not null,
     updated_at timestamptz not null,
     constraint ${t}_pkey primary key (organization_id, user_id),
     constraint ${t}_role_check check (role in ('owner', 'admin', 'member', 'auditor'))
   )`,
  // "My organizations" and the access check by user.
  `create index ${t}_user_id_idx on ${t} (user_id)`,
  ...tenantIsolationDdl(t),
];

const organizationInvitations = (t: string) => [
  `create table ${t} (
     id uuid not null,
     organization_id uuid not null,
     email text not null,
     role text not null,
     status text not null,
     expires_at timestamptz not null,
     invited_by uuid not null,
     invited_at timestamptz not null,
     resolved_at timestamptz,
     constraint ${t}_pkey primary key (id),
     constraint ${t}_role_check check (role in ('owner', 'admin', 'member', 'auditor')),
     constraint ${t}_status_check check (status in ('pending', 'accepted', 'revoked'))
   )`,
  `create index ${t}_organization_id_idx on ${t} (organization_id, invited_at)`,
  ...tenantIsolationDdl(t),
];

const teams = (t: string) => [
  `create table ${t} (
     id uuid not null,
     organization_id uuid not null,
     name text not null,
     slug text not null,
     description text,
     color text not null,
     settings jsonb not null default '{}',
     -- The reference's flag: teams are deleted, not archived, so every row is active today.
     is_active boolean not null default true,
     created_by uuid not null,
     created_at timestamptz not null,
     updated_at timestamptz not null,
     constraint ${t}_pkey primary key (id)
   )`,
  // Slugs are unique per organization; the same index serves the list (ordered by slug).
  `create unique index ${t}_organization_id_slug_key on ${t} (organization_id, slug)`,
  ...tenantIsolationDdl(t),
];

const teamUsers = (t: string) => [
  `create table ${t} (
     team_id uuid not null,
     organization_id uuid not null,
     user_id uuid not null,
     role text not null,
     added_by uuid not null,
     added_at timestamptz not null,
     constraint ${t}_pkey primary key (team_id, user_id),
     constraint ${t}_role_check check (role in ('lead', 'member'))
   )`,
  `create index ${t}_organization_id_user_id_idx on ${t} (organization_id, user_id)`,
  ...tenantIsolationDdl(t),
];

// Columns of the reference schema added after the first release: a table created by the
// older DDL gains them on start (billing feeds the subscription columns).
const upgradeOrganizations = (t: string) => [
  `alter table ${t} add column if not exists subscription_plan text`,
  `alter table ${t} add column if not exists subscription_ends_at timestamptz`,
  `alter table ${t} add column if not exists plan_limits jsonb`,
  `do $$ begin
     if not exists (select 1 from pg_constraint where conname = '${t}_subscription_status_check' and pg_get_constraintdef(oid) like '%unpaid%') then
       alter table ${t} drop constraint if exists ${t}_subscription_status_check;
       alter table ${t} add constraint ${t}_subscription_status_check check (subscription_status in (${SUBSCRIPTION_STATUSES}));
     end if;
   end $$`,
];
const upgradeTeams = (t: string) => [`alter table ${t} add column if not exists is_active boolean not null default true`];

export const tenancyTables: readonly ProjectionTable[] = [
  { name: 'organizations', create: organizations, upgrade: upgradeOrganizations },
  { name: 'organization_users', create: organizationUsers },
  { name: 'organization_invitations', create: organizationInvitations },
  { name: 'teams', create: teams, upgrade: upgradeTeams },
  { name: 'team_users', create: teamUsers },
];
