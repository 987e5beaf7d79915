import { type Check, type CheckOutcome, plural } from './check.js';

// Check 1: executions whose workflow is not in the workflows read model. `executions`
// is the biggest table, so it is never scanned: its (organization_id, workflow_id, ...)
// index is walked one distinct pair at a time (a loose index scan, one probe per
// partition per pair), which costs per workflow that has runs, not per run. Only the
// orphaned pairs' runs are then counted, through the same index.

const ORPHANS_SQL = `with recursive pairs(organization_id, workflow_id) as (
  (select organization_id, workflow_id from executions order by organization_id, workflow_id limit 1)
  union all
  select next.organization_id, next.workflow_id
    from pairs p cross join lateral (
      select e.organization_id, e.workflow_id from executions e
       where (e.organization_id, e.workflow_id) > (p.organization_id, p.workflow_id)
       order by e.organization_id, e.workflow_id limit 1) next
),
orphans as (
  select p.organization_id, p.workflow_id from pairs p
   where not exists (select from workflows w where w.id = p.workflow_id and w.organization_id = p.organization_id))
select (select count(*) from pairs)::int as pairs, (select count(*) from orphans)::int as orphans,
       coalesce((select json_agg(o) from (
         select o.organization_id, o.workflow_id,
                (select count(*) from executions e where e.organization_id = o.organization_id and e.workflow_id = o.workflow_id)::int as executions,
                exists (select from streams s where s.stream_id = 'workflows.Workflow-' || o.workflow_id) as in_store,
                exists (select from workflows w where w.id = o.workflow_id) as in_other_organization
           from orphans o order by o.organization_id, o.workflow_id limit $1) o), '[]') as listed`;

interface Orphan {
  readonly organization_id: string;
  readonly workflow_id: string;
  readonly executions: number;
  /** The Workflow stream exists: the workflows read model is behind or lost the row. */
  readonly in_store: boolean;
  /** A workflow with this id exists, in another organization: the runs carry the wrong organization. */
  readonly in_other_organization: boolean;
}

function describe(orphan: Orphan): string {
  const why = orphan.in_other_organization
    ? 'a workflow with this id belongs to another organization'
    : orphan.in_store
      ? 'its Workflow stream is in the event store: the workflows read model lacks it'
      : 'no Workflow stream in the event store either';
  return `workflow ${orphan.workflow_id} of organization ${orphan.organization_id}: ${plural(orphan.executions, 'execution')}; ${why}`;
}

/** Check 1: executions of workflows that the workflows read model does not have. */
export const orphanedExecutionsCheck: Check = {
  id: 'orphaned-executions',
  title: 'Orphaned executions',
  kind: 'finding',
  async run({ db, limit }): Promise<CheckOutcome> {
    const { rows } = await db.query<{ pairs: number; orphans: number; listed: Orphan[] }>(ORPHANS_SQL, [limit]);
    const { pairs, orphans, listed } = rows[0]!;
    const more = orphans - listed.length;
    return {
      summary:
        orphans === 0
          ? `none: ${plural(pairs, 'workflow')} with runs, each in workflows`
          : `${plural(orphans, 'workflow')} with runs missing from workflows (of ${pairs} with runs)`,
      problems: [...listed.map(describe), ...(more > 0 ? [`... and ${more} more`] : [])],
      advice:
        'a Workflow stream in the store: the workflows projection is behind (see its lag) or lost rows: rebuild it (docs/projections.md). ' +
        'No stream at all, or another organization: the execution rows were written outside the projection; rebuild the executions read model ' +
        'from the store, which holds only runs of real workflows. Deleted workflows keep their row (deleted_at), so their runs are never orphans.',
      notes: ['workflows with runs are found through the (organization_id, workflow_id) index of executions, one probe per workflow, not by reading the runs'],
      data: { workflowsWithRuns: pairs, orphanedWorkflows: orphans, listed },
    };
  },
};
