import { type Queryable } from '@weft/postgres';
import { type Check, type CheckOutcome, plural } from './check.js';
import {
  API_KEYS_PROJECTION,
  CREDENTIALS_PROJECTION,
  EXECUTION_CATALOG_PROJECTION,
  EXECUTIONS_PROJECTION,
  TENANCY_PROJECTION,
  USERS_PROJECTION,
  WORKFLOWS_PROJECTION,
} from './projection-names.js';
import { type StreamIdCollation, analyzedRows, estimateRows, prefixUpperBound, streamIdCollation } from './sql-helpers.js';

// Check 3, the counts: what the event store holds against what each read model has, for
// the aggregates whose streams are few (one per workflow, credential, organization...).
// The store side reads the events of those streams only, through the stream-id index
// (a prefix range), and only up to the projection's checkpoint, in the same statement
// (one snapshot) as the read model's count: a projection that is merely behind is the
// lag check's, and what is left is a read model that lost or gained rows.

interface CountSpec {
  readonly projection: string;
  readonly readModel: string;
  readonly streamPrefix: string;
  readonly created: readonly string[];
  readonly removed: readonly string[];
  readonly rowsSql: string;
}

const SPECS: readonly CountSpec[] = [
  {
    projection: USERS_PROJECTION,
    readModel: 'users',
    streamPrefix: 'identity.User-',
    created: ['UserRegistered'],
    removed: [],
    rowsSql: 'select count(*) from users',
  },
  {
    projection: API_KEYS_PROJECTION,
    readModel: 'api_keys (revoked included)',
    streamPrefix: 'identity.ApiKey-',
    created: ['ApiKeyCreated'],
    removed: [],
    rowsSql: 'select count(*) from api_keys',
  },
  {
    projection: TENANCY_PROJECTION,
    readModel: 'organizations',
    streamPrefix: 'tenancy.Organization-',
    created: ['OrganizationCreated'],
    removed: [],
    rowsSql: 'select count(*) from organizations',
  },
  {
    projection: TENANCY_PROJECTION,
    readModel: 'teams',
    streamPrefix: 'tenancy.Team-',
    created: ['TeamCreated'],
    removed: ['TeamDeleted'],
    rowsSql: 'select count(*) from teams',
  },
  {
    projection: WORKFLOWS_PROJECTION,
    readModel: 'workflows (not deleted)',
    streamPrefix: 'workflows.Workflow-',
    created: ['WorkflowCreated'],
    removed: ['WorkflowDeleted'],
    rowsSql: 'select count(*) from workflows where deleted_at is null',
  },
  {
    projection: CREDENTIALS_PROJECTION,
    readModel: 'credentials (not deleted)',
    streamPrefix: 'workflows.Credential-',
    created: ['CredentialCreated'],
    removed: ['CredentialDeleted'],
    rowsSql: 'select count(*) from credentials where deleted_at is null',
  },
  {
    projection: EXECUTION_CATALOG_PROJECTION,
    readModel: 'execution_catalog_workflows',
    streamPrefix: 'workflows.Workflow-',
    created: ['WorkflowCreated'],
    removed: [],
    rowsSql: 'select count(*) from execution_catalog_workflows',
  },
];

interface Count {
  readonly projection: string;
  readonly readModel: string;
  /** `null`: an estimate the statistics cannot give yet (never analyzed). */
  readonly store: number | null;
  readonly rows: number | null;
  /** Figures from the planner's statistics, not counted. */
  readonly storeEstimate: boolean;
  readonly rowsEstimate: boolean;
  /** Compared up to the projection's checkpoint; false: not judged (estimates, or a projection fed from Kafka has no checkpoint). */
  readonly judged: boolean;
}

const exactSql = (rowsSql: string) => `with cp as (
  select transaction_id::text::xid8 as tx, position::bigint as pos from projection_checkpoints where projection = $1),
store as (
  select count(*) filter (where e.type = any($4::text[]))::int as created, count(*) filter (where e.type = any($5::text[]))::int as removed
    from events e left join cp on true
   where e.stream_id >= $2 and e.stream_id < $3 and (cp.tx is null or (e.transaction_id, e.global_position) <= (cp.tx, cp.pos)))
select store.created, store.removed, (${rowsSql})::int as rows, exists (select from cp where cp.tx is not null) as at_checkpoint from store`;

async function exactCount(db: Queryable, spec: CountSpec): Promise<Count> {
  const { rows } = await db.query<{ created: number; removed: number; rows: number; at_checkpoint: boolean }>(exactSql(spec.rowsSql), [
    spec.projection,
    spec.streamPrefix,
    prefixUpperBound(spec.streamPrefix),
    spec.created,
    spec.removed,
  ]);
  const row = rows[0]!;
  return {
    projection: spec.projection,
    readModel: spec.readModel,
    store: row.created - row.removed,
    rows: row.rows,
    storeEstimate: false,
    rowsEstimate: false,
    judged: row.at_checkpoint,
  };
}

const typesIn = (types: readonly string[]) => types.map((type) => `'${type.replace(/[^A-Za-z]/g, '')}'`).join(', ');

async function estimatedCount(db: Queryable, spec: CountSpec): Promise<Count> {
  const created = await estimateRows(db, 'events', `select from events where type in (${typesIn(spec.created)})`);
  const removed = spec.removed.length === 0 ? 0 : await estimateRows(db, 'events', `select from events where type in (${typesIn(spec.removed)})`);
  const { rows } = await db.query<{ rows: number }>(`select (${spec.rowsSql})::int as rows`);
  const store = created === null || removed === null ? null : Math.max(created - removed, 0);
  return { projection: spec.projection, readModel: spec.readModel, store, rows: rows[0]!.rows, storeEstimate: true, rowsEstimate: false, judged: false };
}

/** Executions are too many to count on either side: both figures are estimates, and retention empties old partitions while the store keeps the runs. */
async function executionsEstimate(db: Queryable): Promise<Count> {
  const store = await estimateRows(db, 'events', `select from events where type = 'ExecutionQueued'`);
  const rows = await analyzedRows(db, 'executions');
  return { projection: EXECUTIONS_PROJECTION, readModel: 'executions', store, rows, storeEstimate: true, rowsEstimate: true, judged: false };
}

function problemOf(count: Count): string {
  const difference = (count.rows ?? 0) - (count.store ?? 0);
  const rows = plural(count.rows ?? 0, 'row');
  return `${count.projection}: ${count.readModel} has ${rows}, the event store ${count.store} up to the projection's checkpoint (${difference > 0 ? '+' : ''}${difference})`;
}

function notesOf(collation: StreamIdCollation, counts: readonly Count[]): string[] {
  const unpositioned = counts.filter((count) => !count.judged && !count.storeEstimate).map((count) => count.projection);
  const notes = [
    'executions: both figures are planner estimates (≈; ? before the table was first analyzed); retention drops old runs from the read model while the store keeps them, so they are not compared',
  ];
  if (!collation.bytewise)
    notes.push(
      `the stream ids sort by collation ${collation.collation} (provider ${collation.provider}), not byte by byte: a prefix is no index range there, so ` +
        'the store figures are planner estimates (≈) and nothing is judged',
    );
  if (unpositioned.length > 0)
    notes.push(
      `not compared: ${[...new Set(unpositioned)].join(', ')} (no checkpoint: fed from Kafka, or never ran), so the read model's place in the log is unknown`,
    );
  return notes;
}

/** Check 3 (counts): the store's streams against the read models' rows. */
export const projectionCountsCheck: Check = {
  id: 'projection-counts',
  title: 'Read models vs event store counts',
  kind: 'finding',
  async run({ db }): Promise<CheckOutcome> {
    const collation = await streamIdCollation(db);
    const counts: Count[] = [];
    for (const spec of SPECS) counts.push(collation.bytewise ? await exactCount(db, spec) : await estimatedCount(db, spec));
    counts.push(await executionsEstimate(db));
    const different = counts.filter((count) => count.judged && count.store !== count.rows);
    const judged = counts.filter((count) => count.judged).length;
    const approx = (estimate: boolean, figure: number | null) => (figure === null ? '?' : `${estimate ? '≈' : ''}${figure}`);
    return {
      summary:
        different.length === 0
          ? `${plural(judged, 'read model')} of ${counts.length} compared, all equal to the store`
          : `${plural(different.length, 'read model')} differ`,
      problems: different.map(problemOf),
      advice:
        'a read model that differs from the store at its own checkpoint lost rows (or has rows no event made): rebuild that projection ' +
        '(Projector.rebuild, docs/projections.md) and compare with tableChecksum; find out what wrote to the table outside the projection.',
      table: {
        columns: ['projection', 'read model', 'event store', 'rows', 'compared'],
        rows: counts.map((count) => [
          count.projection,
          count.readModel,
          approx(count.storeEstimate, count.store),
          approx(count.rowsEstimate, count.rows),
          count.judged ? 'yes' : 'no',
        ]),
      },
      notes: notesOf(collation, counts),
      data: { collation, counts },
      judged: judged > 0,
    };
  },
};
