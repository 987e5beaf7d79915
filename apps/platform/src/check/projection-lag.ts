import { REBUILD_SUFFIX } from '@weft/projections';
import { type Check, type CheckContext, type CheckOutcome, plural } from './check.js';
import { PLATFORM_PROJECTIONS } from './projection-names.js';

// Check 3, the positions: each projection's checkpoint against the store's head. The
// events after a checkpoint are counted through the log index (transaction_id,
// global_position), at most LAG_CAP of them, so a projection far behind costs no more
// than one that is close. Only events every reader can see are counted (below the
// oldest running transaction), as the projections read them.

/** Events after a checkpoint counted at most (shown as "more than"). */
export const LAG_CAP = 100_000;

/** The events after (tx, pos) a log reader can see: how many (up to LAG_CAP + 1) and the age of the oldest. */
const lagAfter = (tx: string, position: string) => `lateral (
  select count(*)::int as behind, extract(epoch from now() - min(occurred_at))::float8 as oldest_age_seconds
    from (select occurred_at from events e
           where (e.transaction_id, e.global_position) > (${tx}, ${position})
             and e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
           order by e.transaction_id, e.global_position limit ${LAG_CAP + 1}) unapplied) lag`;

const CHECKPOINTS_SQL = `select c.projection, c.transaction_id::text as transaction_id, c.position::text as position,
       exists (select from projection_offsets o where o.projection = c.projection) as bus_fed, lag.behind, lag.oldest_age_seconds
  from projection_checkpoints c
  cross join ${lagAfter('coalesce(c.transaction_id, 0)::text::xid8', 'coalesce(c.position, 0)::bigint')}
 order by c.projection`;

const RELAY_SQL = `select 'relay:' || r.name as projection, r.transaction_id::text as transaction_id, r.position::text as position,
       false as bus_fed, lag.behind, lag.oldest_age_seconds
  from relay_checkpoints r cross join ${lagAfter('r.transaction_id::text::xid8', 'r.position')}
 order by r.name`;

const HEAD_SQL = `select transaction_id::text as transaction_id, global_position::text as position from events
 where transaction_id < pg_snapshot_xmin(pg_current_snapshot()) order by transaction_id desc, global_position desc limit 1`;

interface Row {
  readonly projection: string;
  readonly transaction_id: string | null;
  readonly position: string | null;
  readonly bus_fed: boolean;
  readonly behind: number;
  readonly oldest_age_seconds: number | null;
}

type Verdict = 'up to date' | 'behind' | 'rebuilding' | 'fed from Kafka' | 'missing';

interface Lag {
  readonly projection: string;
  readonly checkpoint: string | null;
  readonly behind: number | null;
  readonly behindIsAtLeast: boolean;
  readonly oldestUnappliedAgeSeconds: number | null;
  readonly verdict: Verdict;
}

function verdictOf(row: Row, maxLagSeconds: number): Verdict {
  if (row.projection.endsWith(REBUILD_SUFFIX)) return 'rebuilding';
  // A projection fed from Kafka keeps its positions in projection_offsets: the consumer group's lag is Kafka's to tell.
  if (row.bus_fed && row.transaction_id === null) return 'fed from Kafka';
  return row.behind > 0 && (row.oldest_age_seconds ?? 0) > maxLagSeconds ? 'behind' : 'up to date';
}

const toLag = (row: Row, maxLagSeconds: number): Lag => ({
  projection: row.projection,
  checkpoint: row.transaction_id === null ? null : `${row.transaction_id}/${row.position}`,
  behind: Math.min(row.behind, LAG_CAP),
  behindIsAtLeast: row.behind > LAG_CAP,
  oldestUnappliedAgeSeconds: row.behind > 0 ? row.oldest_age_seconds : null,
  verdict: verdictOf(row, maxLagSeconds),
});

const missing = (projection: string): Lag => ({
  projection,
  checkpoint: null,
  behind: null,
  behindIsAtLeast: false,
  oldestUnappliedAgeSeconds: null,
  verdict: 'missing',
});

function problemOf(lag: Lag): string | undefined {
  if (lag.verdict === 'missing') return `${lag.projection}: no checkpoint row: the projection has never run against this database`;
  if (lag.verdict !== 'behind') return undefined;
  const count = `${lag.behindIsAtLeast ? 'more than ' : ''}${plural(lag.behind ?? 0, 'event')}`;
  return `${lag.projection}: ${count} behind the head, the oldest stored ${Math.round(lag.oldestUnappliedAgeSeconds ?? 0)} s ago (checkpoint ${lag.checkpoint ?? 'none'})`;
}

async function lags(context: CheckContext): Promise<{ lags: Lag[]; head: string | null }> {
  const { db, maxLagSeconds } = context;
  const checkpoints = (await db.query<Row>(CHECKPOINTS_SQL)).rows;
  const relays = (await db.query<Row>(RELAY_SQL)).rows;
  const head = (await db.query<{ transaction_id: string; position: string }>(HEAD_SQL)).rows[0];
  const known = new Set(checkpoints.map((row) => row.projection));
  return {
    lags: [...[...checkpoints, ...relays].map((row) => toLag(row, maxLagSeconds)), ...PLATFORM_PROJECTIONS.filter((name) => !known.has(name)).map(missing)],
    head: head ? `${head.transaction_id}/${head.position}` : null,
  };
}

/** Check 3 (positions): every projection's checkpoint, and the relay's, against the store's head. */
export const projectionLagCheck: Check = {
  id: 'projection-lag',
  title: 'Projections vs event store head',
  kind: 'finding',
  async run(context): Promise<CheckOutcome> {
    const { lags: all, head } = await lags(context);
    const problems = all.map(problemOf).filter((problem) => problem !== undefined);
    const age = (lag: Lag) => (lag.oldestUnappliedAgeSeconds === null ? null : `${Math.round(lag.oldestUnappliedAgeSeconds)} s`);
    return {
      summary: `head ${head ?? '(empty store)'}; ${plural(all.length - problems.length, 'projection')} of ${all.length} within ${context.maxLagSeconds} s`,
      problems,
      advice:
        'a projection is behind when it has not applied an event the store has held longer than --max-lag-seconds. Is the platform (or the projector app) running? ' +
        'Its log says why a projection fails ("projection <name> failed; restarting from its checkpoint"). A long transaction anywhere on the cluster stalls every ' +
        'log reader (pg_stat_activity, old xact_start). A projection that never ran starts with the platform; one that cannot recover: rebuild it (docs/projections.md).',
      table: {
        columns: ['projection', 'checkpoint (tx/position)', 'behind', 'oldest unapplied', 'status'],
        rows: all.map((lag) => [
          lag.projection,
          lag.checkpoint,
          lag.behind === null ? null : `${lag.behindIsAtLeast ? '>' : ''}${lag.behind}`,
          age(lag),
          lag.verdict,
        ]),
      },
      notes: [
        `events after a checkpoint are counted up to ${LAG_CAP.toLocaleString('en')} through the log index; a projection skips other contexts' events and stores ` +
          'its position over them every few seconds, so a small count on an idle projection is normal',
      ],
      data: { head, maxLagSeconds: context.maxLagSeconds, projections: all },
    };
  },
};
