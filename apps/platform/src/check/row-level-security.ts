import { TENANT_POLICY, TENANT_READER_ROLE } from '@weft/postgres';
import { type Check, type CheckOutcome, plural } from './check.js';

/**
 * The tables that carry an organization but are read before any tenant is known, or by
 * nobody but the platform: no policy and no grant on purpose (see their DDL). The reader
 * role must not be able to read them at all.
 */
export const INTERNAL_TABLES = ['credential_data_keys', 'execution_catalog_workflows', 'execution_webhook_namespaces', 'execution_webhook_routes'] as const;

/**
 * Every table with an organization (and `organizations`), partitioned parents (relkind
 * 'p') included; partitions are judged through their parent: queries go through the
 * parent, whose policy applies, and a partition must not be readable by the reader role
 * directly (that would bypass the policy). A rebuild's shadow (`__rebuild`) and the
 * instant's `__old` are judged as the table they stand for. Every row should say `ok`.
 * docs/operations.md ("Row-level security") prints this same query.
 */
export const ROW_LEVEL_SECURITY_SQL = `select table_name, kind, expected, rls, policy, readable, readable_partitions,
       readable_partitions = 0 and case when expected = 'tenant' then rls and policy and readable else not readable end as ok
  from (select c.relname as table_name,
               case when c.relkind = 'p' then 'partitioned' else 'table' end as kind,
               case when regexp_replace(c.relname, '__(rebuild|old)$', '') in
                      ('${INTERNAL_TABLES.join("', '")}')
                    then 'internal' else 'tenant' end as expected,
               c.relrowsecurity as rls,
               exists (select from pg_policy p where p.polrelid = c.oid and p.polname = '${TENANT_POLICY}') as policy,
               has_table_privilege('${TENANT_READER_ROLE}', c.oid, 'select') as readable,
               (select count(*) from pg_partition_tree(c.oid) t
                 where t.level > 0 and has_table_privilege('${TENANT_READER_ROLE}', t.relid, 'select'))::int as readable_partitions
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition
           and (regexp_replace(c.relname, '__(rebuild|old)$', '') = 'organizations'
                or exists (select from pg_attribute a where a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped))) tables
 order by table_name;`;

interface Row {
  readonly table_name: string;
  readonly kind: 'table' | 'partitioned';
  readonly expected: 'tenant' | 'internal';
  readonly rls: boolean;
  readonly policy: boolean;
  readonly readable: boolean;
  readonly readable_partitions: number;
  readonly ok: boolean;
}

function whatIsWrong(row: Row): string[] {
  const wrong: string[] = [];
  if (row.expected === 'tenant') {
    if (!row.rls) wrong.push('row-level security is not enabled');
    if (!row.policy) wrong.push(`it has no ${TENANT_POLICY} policy`);
    if (!row.readable) wrong.push(`${TENANT_READER_ROLE} may not select from it (its API reads fail)`);
  } else if (row.readable) {
    wrong.push(`${TENANT_READER_ROLE} may select from it, but it has no tenant policy and must stay unreadable to that role`);
  }
  if (row.readable_partitions > 0)
    wrong.push(`${plural(row.readable_partitions, 'partition')} readable by ${TENANT_READER_ROLE} directly, past the parent's policy`);
  return wrong;
}

const ADVICE =
  'a read-model table gets row-level security, the policy and the grant from its DDL (tenantIsolationDdl in @weft/postgres): ' +
  `rebuild its projection, or run the statements by hand: alter table <t> enable row level security; create policy ${TENANT_POLICY} on <t> as permissive ` +
  `for select to ${TENANT_READER_ROLE} using (organization_id = nullif(current_setting('weft.organization_id', true), '')::uuid); grant select on <t> to ${TENANT_READER_ROLE}. ` +
  `A partition or internal table the role can read: revoke select on <t> from ${TENANT_READER_ROLE}. A new table with an organization_id that is not a tenant table ` +
  'belongs in INTERNAL_TABLES (apps/platform/src/check/row-level-security.ts) and in docs/operations.md.';

/** Check 6: row-level security on every tenant table, partitioned parents included. */
export const rowLevelSecurityCheck: Check = {
  id: 'row-level-security',
  title: 'Row-level security',
  kind: 'finding',
  async run({ db }): Promise<CheckOutcome> {
    const { rows } = await db.query<Row>(ROW_LEVEL_SECURITY_SQL);
    const bad = rows.filter((row) => !row.ok);
    const tenant = rows.filter((row) => row.expected === 'tenant').length;
    const partitioned = rows.filter((row) => row.kind === 'partitioned').length;
    return {
      summary:
        bad.length === 0
          ? `${plural(tenant, 'tenant table')} (${partitioned} partitioned) with ${TENANT_POLICY}, ${plural(rows.length - tenant, 'internal table')} unreadable to ${TENANT_READER_ROLE}`
          : `${plural(bad.length, 'table')} of ${rows.length} not as expected`,
      problems: bad.map((row) => `${row.table_name} (${row.expected} ${row.kind}): ${whatIsWrong(row).join('; ')}`),
      advice: ADVICE,
      data: { tables: rows },
    };
  },
};
