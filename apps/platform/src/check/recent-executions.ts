import { type Check, type CheckOutcome, plural } from './check.js';
import { EXECUTIONS_PROJECTION } from './projection-names.js';

// Check 3 for executions: they are too many to count (projection-counts.ts estimates
// them), so the recent ones are reconciled one by one instead. Of the last SAMPLE_EVENTS
// events the executions projection has passed (read backwards through the log index
// from its checkpoint), every ExecutionQueued of the last day must have its row: one
// probe of the execution_id index per run (a lateral `limit 1`, so the planner cannot
// hash the whole table instead), in the partitions of the last two days only (created_at
// is the run's queuedAt). A day: no retention is shorter, so no row of those runs has
// been deleted on purpose.

/** Events read back from the checkpoint, at most. */
export const SAMPLE_EVENTS = 100_000;

/** Where the sample ends: the projection's checkpoint, or (fed from Kafka, no checkpoint) the readable head minus the allowed lag. */
const bounded = (fromCheckpoint: boolean) =>
  fromCheckpoint
    ? `from events e, cp where (e.transaction_id, e.global_position) <= (cp.tx, cp.pos)`
    : `from events e where e.transaction_id < pg_snapshot_xmin(pg_current_snapshot()) and e.occurred_at < now() - make_interval(secs => $4)`;

const sampleSql = (fromCheckpoint: boolean) => `with cp as (
  select transaction_id::text::xid8 as tx, position::bigint as pos from projection_checkpoints where projection = $1 and transaction_id is not null),
recent as (
  select e.type, e.data ${bounded(fromCheckpoint)}
   order by e.transaction_id desc, e.global_position desc limit $2),
queued as (
  select (data->>'executionId')::uuid as execution_id, (data->>'organizationId')::uuid as organization_id, data->>'workflowId' as workflow_id,
         data->>'queuedAt' as queued_at
    from recent where type = 'ExecutionQueued' and (data->>'queuedAt')::timestamptz > now() - interval '1 day'),
missing as (
  select q.* from queued q
    left join lateral (
      select true as found from executions x
       where x.execution_id = q.execution_id and x.organization_id = q.organization_id and x.created_at > now() - interval '2 days' limit 1) row on true
   where row.found is null)
select (select count(*) from queued)::int as sampled, (select count(*) from missing)::int as missing,
       coalesce((select json_agg(m) from (select * from missing order by queued_at desc limit $3) m), '[]') as examples,
       (select count(*) from cp)::int as checkpoints`;

interface Missing {
  readonly execution_id: string;
  readonly organization_id: string;
  readonly workflow_id: string;
  readonly queued_at: string;
}

interface Sample {
  readonly sampled: number;
  readonly missing: number;
  readonly examples: readonly Missing[];
  readonly checkpoints: number;
}

/** Check 3 (executions): the recent runs the projection has passed each have their row. */
export const recentExecutionsCheck: Check = {
  id: 'recent-executions',
  title: 'Recent runs in the executions read model',
  kind: 'finding',
  async run({ db, limit, maxLagSeconds }): Promise<CheckOutcome> {
    let sample = (await db.query<Sample>(sampleSql(true), [EXECUTIONS_PROJECTION, SAMPLE_EVENTS, limit])).rows[0]!;
    const fromCheckpoint = sample.checkpoints > 0;
    if (!fromCheckpoint) sample = (await db.query<Sample>(sampleSql(false), [EXECUTIONS_PROJECTION, SAMPLE_EVENTS, limit, maxLagSeconds])).rows[0]!;
    const where = fromCheckpoint ? 'up to the executions checkpoint' : `older than ${maxLagSeconds} s (the projection has no checkpoint)`;
    const listed = sample.examples.map(
      (m) => `execution ${m.execution_id} (organization ${m.organization_id}, workflow ${m.workflow_id}, queued ${m.queued_at}) has no row`,
    );
    const more = sample.missing - listed.length;
    return {
      summary:
        sample.missing === 0
          ? `${plural(sample.sampled, 'run')} queued in the last 24 h (in the last ${SAMPLE_EVENTS.toLocaleString('en')} events ${where}), each with its row`
          : `${sample.missing} of ${plural(sample.sampled, 'recent run')} have no row in executions`,
      problems: more > 0 ? [...listed, `... and ${more} more`] : listed,
      advice:
        'the executions projection passed these runs without a row: rows deleted by hand, or a projection bug. Rebuild the executions read model ' +
        '(Projector.rebuild, docs/projections.md); the runs themselves are safe in the event store.',
      notes: [`a sample, not a count: the runs queued in the last day among the last ${SAMPLE_EVENTS.toLocaleString('en')} events ${where}`],
      data: { sampleEvents: SAMPLE_EVENTS, fromCheckpoint, sampled: sample.sampled, missing: sample.missing, examples: sample.examples },
    };
  },
};
