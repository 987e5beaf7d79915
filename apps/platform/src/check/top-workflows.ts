import { type Check, type CheckOutcome, plural } from './check.js';

// Check 5 (information): the workflows with the most runs over the last 24 hours and how
// many succeeded. Reads the last day of `executions` only: the month partitions outside
// it are pruned and the primary key (created_at, execution_id) gives the range. Runs are
// grouped first; the workflow names are looked up for the top ones only.

const TOP_SQL = `with runs as (
  select organization_id, workflow_id, count(*)::int as runs,
         count(*) filter (where status = 'success')::int as succeeded,
         count(*) filter (where status = 'error')::int as failed,
         count(*) filter (where status = 'canceled')::int as canceled
    from executions where created_at >= now() - interval '24 hours'
   group by organization_id, workflow_id),
totals as (select coalesce(sum(runs), 0)::int as runs, count(*)::int as workflows from runs),
top as (select * from runs order by runs desc, workflow_id limit $1)
select t.*, w.name, totals.runs as all_runs, totals.workflows as all_workflows
  from top t cross join totals left join workflows w on w.id = t.workflow_id and w.organization_id = t.organization_id
 order by t.runs desc, t.workflow_id`;

interface Row {
  readonly organization_id: string;
  readonly workflow_id: string;
  readonly name: string | null;
  readonly runs: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly canceled: number;
  readonly all_runs: number;
  readonly all_workflows: number;
}

/** Successful runs among the finished ones (success, error, canceled); `null` when none finished. */
export function successRate(row: Pick<Row, 'succeeded' | 'failed' | 'canceled'>): number | null {
  const finished = row.succeeded + row.failed + row.canceled;
  return finished === 0 ? null : row.succeeded / finished;
}

const percent = (rate: number | null) => (rate === null ? null : `${(rate * 100).toFixed(1)}%`);

/** Check 5: the busiest workflows of the last 24 h, with their success rates. */
export const topWorkflowsCheck: Check = {
  id: 'top-workflows',
  title: 'Top workflows, last 24 h',
  kind: 'information',
  async run({ db, limit }): Promise<CheckOutcome> {
    const { rows } = await db.query<Row>(TOP_SQL, [limit]);
    const allRuns = rows[0]?.all_runs ?? 0;
    const allWorkflows = rows[0]?.all_workflows ?? 0;
    const workflows = rows.map((row) => ({
      organizationId: row.organization_id,
      workflowId: row.workflow_id,
      name: row.name,
      runs: row.runs,
      succeeded: row.succeeded,
      failed: row.failed,
      canceled: row.canceled,
      unfinished: row.runs - row.succeeded - row.failed - row.canceled,
      successRate: successRate(row),
    }));
    return {
      summary: `${plural(allRuns, 'run')} of ${plural(allWorkflows, 'workflow')}; the ${Math.min(limit, allWorkflows)} with the most runs`,
      problems: [],
      table: {
        columns: ['workflow', 'name', 'runs', 'success', 'error', 'canceled', 'unfinished', 'success rate'],
        rows: workflows.map((w) => [
          w.workflowId,
          w.name ?? '(not in workflows)',
          w.runs,
          w.succeeded,
          w.failed,
          w.canceled,
          w.unfinished,
          percent(w.successRate),
        ]),
      },
      notes: [
        'success rate: successful runs among the finished ones (success, error, canceled); reads the last 24 h of executions through their partitions and primary key',
      ],
      data: { runs: allRuns, workflows: allWorkflows, top: workflows },
    };
  },
};
