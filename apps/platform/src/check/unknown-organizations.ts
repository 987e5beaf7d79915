import { type Check, type CheckOutcome, plural } from './check.js';

// Check 2: organization ids used by executions, workflows or credentials that the
// organizations read model does not have. The distinct organizations of `executions`
// come from its (organization_id, created_at, ...) index, one probe per organization (a
// loose index scan); workflows and credentials are small tables and read whole.

const UNKNOWN_SQL = `with recursive execution_organizations(id) as (
  (select organization_id from executions order by organization_id limit 1)
  union all
  select (select e.organization_id from executions e where e.organization_id > o.id order by e.organization_id limit 1)
    from execution_organizations o where o.id is not null
),
seen(id, source) as (
  select id, 'executions' from execution_organizations where id is not null
  union all select distinct organization_id, 'workflows' from workflows
  union all select distinct organization_id, 'credentials' from credentials
),
unknown as (
  select s.id, array_agg(s.source order by s.source) as seen_in from seen s
   where not exists (select from organizations o where o.id = s.id) group by s.id)
select (select count(distinct id) from seen)::int as organizations, (select count(*) from unknown)::int as unknown,
       coalesce((select json_agg(u) from (
         select u.id as organization_id, u.seen_in,
                exists (select from streams s where s.stream_id = 'tenancy.Organization-' || u.id) as in_store
           from unknown u order by u.id limit $1) u), '[]') as listed`;

interface Unknown {
  readonly organization_id: string;
  readonly seen_in: readonly string[];
  /** The Organization stream exists: the tenancy read model is behind or lost the row. */
  readonly in_store: boolean;
}

const describe = (unknown: Unknown) =>
  `organization ${unknown.organization_id} (in ${unknown.seen_in.join(', ')}): ` +
  (unknown.in_store
    ? 'its Organization stream is in the event store: the organizations read model lacks it'
    : 'no Organization stream in the event store either');

/** Check 2: organizations referenced by executions, workflows or credentials but absent from organizations. */
export const unknownOrganizationsCheck: Check = {
  id: 'unknown-organizations',
  title: 'Unknown organizations',
  kind: 'finding',
  async run({ db, limit }): Promise<CheckOutcome> {
    const { rows } = await db.query<{ organizations: number; unknown: number; listed: Unknown[] }>(UNKNOWN_SQL, [limit]);
    const { organizations, unknown, listed } = rows[0]!;
    const more = unknown - listed.length;
    return {
      summary:
        unknown === 0
          ? `none: ${plural(organizations, 'organization')} in executions, workflows and credentials, each in organizations`
          : `${plural(unknown, 'organization id')} not in organizations (of ${organizations} in use)`,
      problems: [...listed.map(describe), ...(more > 0 ? [`... and ${more} more`] : [])],
      advice:
        'an Organization stream in the store: the tenancy projection is behind (see its lag) or lost rows: rebuild it (docs/projections.md). ' +
        'No stream: rows were written outside the projections (or an import gave them a wrong organization_id); those tenants cannot log in to see them. ' +
        'Rebuild the read model that holds them from the store.',
      notes: ['the organizations of executions are found through its organization index, one probe per organization, not by reading the runs'],
      data: { organizationsInUse: organizations, unknownOrganizations: unknown, listed },
    };
  },
};
