import type pg from 'pg';
import { type Database, type Queryable } from './database.js';
import { type Migration } from './migrations.js';
import { QueryDatabase } from './query-database.js';
import { isUuid } from '@weft/kernel';

/**
 * The role the tenant query path runs as. It owns nothing and is not a superuser, so
 * row-level security applies to it (owners and superusers bypass it). NOLOGIN: the
 * application's own user switches to it with `set local role` inside a transaction.
 */
export const TENANT_READER_ROLE = 'weft_tenant_reader';

/** The setting that carries the transaction's organization to the policies. */
export const TENANT_SETTING = 'weft.organization_id';

/**
 * The policy's name. Policy names are scoped to their table (`create policy name on
 * table`), so one fixed name serves the live table and its `__rebuild` shadow at once,
 * and stays right after the swap renames the shadow (a name derived from the table
 * would still say `__rebuild` on the live table).
 */
export const TENANT_POLICY = 'tenant_isolation';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

function assertIdentifier(what: string, name: string): void {
  if (!IDENTIFIER.test(name)) throw new Error(`${what} "${name}" must be a lower-case SQL identifier`);
}

export interface TenantIsolationOptions {
  /** The column holding the owning organization. Default `organization_id` (the `organizations` table itself uses `id`). */
  readonly tenantColumn?: string;
}

/**
 * The statements a read-model table's `create` appends after its `create table`:
 * row-level security on, a policy that lets the reader role see only the rows of the
 * transaction's organization, and `select` (nothing else) granted to that role.
 *
 * An unset setting reads as NULL (never set in the session) or `''` (set locally by
 * an earlier transaction of the same connection); both match no rows. The owner (the
 * projectors) is not subject to the policy: it is not forced.
 *
 * @example create: (t) => [`create table ${t} (... organization_id uuid not null ...)`, ...tenantIsolationDdl(t)]
 */
export function tenantIsolationDdl(table: string, options: TenantIsolationOptions = {}): string[] {
  const column = options.tenantColumn ?? 'organization_id';
  assertIdentifier('Table name', table);
  assertIdentifier('Tenant column', column);
  return [
    `alter table ${table} enable row level security`,
    `create policy ${TENANT_POLICY} on ${table} as permissive for select to ${TENANT_READER_ROLE}
       using (${column} = nullif(current_setting('${TENANT_SETTING}', true), '')::uuid)`,
    `grant select on ${table} to ${TENANT_READER_ROLE}`,
  ];
}

/**
 * Creates the role if it is missing and makes the current user a member, so that
 * `set local role` works for an owner that is not a superuser. Roles are shared by
 * every database of the cluster: parallel test databases create it at the same time,
 * and the loser of that race sees `duplicate_object` or `unique_violation` (the
 * catalog's unique index), both of which mean "it exists now".
 * Exported for the tests, which run it with throw-away role names.
 */
export function tenantReaderRoleSql(role: string): string {
  assertIdentifier('Role name', role);
  return `do $$
begin
  if not exists (select from pg_roles where rolname = '${role}') then
    begin
      create role ${role} nologin;
    exception when duplicate_object or unique_violation then
      null;
    end;
  end if;
  -- PostgreSQL 16 split membership into options: \`set role\` needs SET there.
  if not pg_has_role(current_user, '${role}', case when current_setting('server_version_num')::int >= 160000 then 'SET' else 'MEMBER' end) then
    begin
      execute format('grant ${role} to %I', current_user);
    exception when insufficient_privilege then
      raise exception 'The database user % cannot be made a member of role ${role}', current_user
        using hint = format('A DBA runs: create role ${role} nologin; grant ${role} to %I;', current_user);
    end;
  end if;
end $$`;
}

/**
 * The reader role. Its `down` keeps the role: it is cluster-wide, and other databases
 * of the cluster (or other Weft installations) may still use it.
 */
export const tenantIsolationMigrations: readonly Migration[] = [
  {
    id: '202612020400_tenant_reader_role',
    up: tenantReaderRoleSql(TENANT_READER_ROLE),
    down: `-- ${TENANT_READER_ROLE} is cluster-wide and is kept; drop it by hand once no database uses it.
select 1`,
  },
];

/** The connection inside `withTenant`: read-only, as the reader role, for one organization. */
export interface TenantTransaction extends Queryable {
  readonly organizationId: string;
}

/**
 * Where a tenant transaction runs: a `Database` (the primary: command-side reads, ports,
 * tests), or the query APIs' `QueryDatabase`, which picks the replica or the primary per
 * organization.
 */
export type TenantReadSource = Pick<Database, 'transaction'> | QueryDatabase;

/**
 * Runs `work` in one read-only transaction as `weft_tenant_reader` with
 * `organizationId` as the transaction's organization, so row-level security returns
 * only that organization's rows even from a query that forgets its filter. Queries
 * still filter on `organization_id` themselves: this is the second line of defence.
 *
 * A free function rather than a `Database` method: `Database` stays the tenancy-free
 * connection primitive the event store, projectors and migrations use, and the role,
 * the setting and the policy that must agree with each other live in this one file.
 *
 * It works the same on the embedded PGlite (roles, `set local role` and policies are
 * supported there). It is no security boundary against the code in `work`: that code
 * runs on the application's connection and could `reset role`; it guards against
 * mistakes, not against hostile SQL.
 *
 * @throws Error when `organizationId` is not a uuid (before any query is sent).
 */
export async function withTenant<T>(
  db: TenantReadSource,
  organizationId: string,
  work: (tx: TenantTransaction, client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  if (typeof organizationId !== 'string' || !isUuid(organizationId)) throw new Error(`Organization id must be a uuid, got ${JSON.stringify(organizationId)}`);
  // Set up in the round trip of `begin`. The id is inlined: it matched the uuid pattern
  // above, so it is only hex digits and dashes (a parameter would need its own round trip).
  const prelude = `set transaction read only; set local role ${TENANT_READER_ROLE}; select set_config('${TENANT_SETTING}', '${organizationId.toLowerCase()}', true)`;
  const run = (tx: Queryable, client: pg.PoolClient) => work({ organizationId, query: (text, values) => tx.query(text, values) }, client);
  return db instanceof QueryDatabase ? db.tenantTransaction(organizationId, run, prelude) : db.transaction(run, 'read committed', prelude);
}
