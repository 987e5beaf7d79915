import { type ExecutionQueuedData } from '@weft/contracts';
import { type RecordedEvent, contextOfStream } from '@weft/kernel';
import { tenantIsolationDdl } from '@weft/postgres';
import { type ProjectionDefinition, type ProjectionTransaction } from '@weft/projections';

export const USAGE_PROJECTION = 'billing_usage';

/** Counted per hour: a run counts once, when it is queued. */
export type UsageCounter = 'executions';
/** Held now: what the workflow, credential and member limits count. */
export type UsageGauge = 'workflows' | 'credentials' | 'team_members';

/** Each event that moves a gauge, by context and type: the gauge and by how much. */
const GAUGE_MOVES: Readonly<Record<string, Readonly<Record<string, readonly [UsageGauge, 1 | -1]>>>> = {
  workflows: {
    WorkflowCreated: ['workflows', 1],
    WorkflowDeleted: ['workflows', -1],
    CredentialCreated: ['credentials', 1],
    CredentialDeleted: ['credentials', -1],
  },
  // The owner joins with the organization; the others by accepting an invitation.
  tenancy: { OrganizationCreated: ['team_members', 1], InvitationAccepted: ['team_members', 1], MemberRemoved: ['team_members', -1] },
};

// `billing_usage`: one row per organization, counter and hour; `billing_usage_gauges`:
// one per organization and gauge. Exactly once comes from the projection runtime, not
// from these tables: the checkpoint (following the store) or the stream versions (from
// the bus) move in the same transaction as the counts, so an event redelivered or
// replayed is dropped before it reaches `applyBatch`, and a batch that dies with its
// process leaves neither. Hours (not a row per run) keep a month of an organization's
// runs at ≤ 744 rows: any window is one index range scan.
const createCounters = (t: string) => [
  `create table ${t} (
     organization_id uuid not null,
     metric text not null,
     hour timestamptz not null,
     quantity bigint not null,
     constraint ${t}_pkey primary key (organization_id, metric, hour)
   )`,
  ...tenantIsolationDdl(t),
];

const createGauges = (t: string) => [
  `create table ${t} (
     organization_id uuid not null,
     metric text not null,
     quantity bigint not null,
     constraint ${t}_pkey primary key (organization_id, metric)
   )`,
  ...tenantIsolationDdl(t),
];

/** The start of the UTC hour `at` falls in. */
export function hourOf(at: string | Date): Date {
  const ms = new Date(at).getTime();
  return new Date(ms - (((ms % 3_600_000) + 3_600_000) % 3_600_000));
}

export interface UsageDelta {
  readonly organizationId: string;
  readonly metric: UsageCounter | UsageGauge;
  /** Counters only: the hour counted in. */
  readonly hour: string | null;
  quantity: number;
}

/** The batch's events summed by organization, metric (and hour, for counters): one row each, for one statement per table. */
export function usageDeltas(events: readonly RecordedEvent[]): UsageDelta[] {
  const deltas = new Map<string, UsageDelta>();
  const add = (organizationId: string, metric: UsageDelta['metric'], hour: string | null, quantity: number) => {
    const key = `${organizationId} ${metric} ${hour ?? ''}`;
    const known = deltas.get(key);
    if (known) known.quantity += quantity;
    else deltas.set(key, { organizationId, metric, hour, quantity });
  };
  for (const event of events) {
    const context = contextOfStream(event.streamId) ?? '';
    if (context === 'execution' && event.type === 'ExecutionQueued') {
      const { organizationId, queuedAt } = event.data as ExecutionQueuedData;
      add(organizationId, 'executions', hourOf(queuedAt).toISOString(), 1);
      continue;
    }
    const move = GAUGE_MOVES[context]?.[event.type];
    if (move !== undefined) add((event.data as { organizationId: string }).organizationId, move[0], null, move[1]);
  }
  return [...deltas.values()];
}

const columns = (rows: readonly UsageDelta[]) => [rows.map((r) => r.organizationId), rows.map((r) => r.metric), rows.map((r) => r.quantity)];

async function applyDeltas(events: readonly RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
  const deltas = usageDeltas(events);
  const counters = deltas.filter((d) => d.hour !== null);
  const gauges = deltas.filter((d) => d.hour === null && d.quantity !== 0);
  if (counters.length > 0) {
    const t = tx.table('billing_usage');
    await tx.query(
      `insert into ${t} (organization_id, metric, quantity, hour)
       select * from unnest($1::uuid[], $2::text[], $3::bigint[], $4::timestamptz[])
       on conflict (organization_id, metric, hour) do update set quantity = ${t}.quantity + excluded.quantity`,
      [...columns(counters), counters.map((c) => c.hour)],
    );
  }
  if (gauges.length > 0) {
    const t = tx.table('billing_usage_gauges');
    await tx.query(
      `insert into ${t} (organization_id, metric, quantity) select * from unnest($1::uuid[], $2::text[], $3::bigint[])
       on conflict (organization_id, metric) do update set quantity = ${t}.quantity + excluded.quantity`,
      columns(gauges),
    );
  }
}

const METERED = (event: RecordedEvent) => {
  const context = contextOfStream(event.streamId) ?? '';
  return (context === 'execution' && event.type === 'ExecutionQueued') || GAUGE_MOVES[context]?.[event.type] !== undefined;
};

/**
 * Usage metered from the event log (billing's read model): runs per organization and
 * hour, and the workflows, credentials and members each organization holds. Execution
 * streams are millions of short streams nobody waits on by version, so following the
 * store only the checkpoint is stored (as the executions read model does).
 */
export const usageProjection: ProjectionDefinition = {
  name: USAGE_PROJECTION,
  tables: [
    { name: 'billing_usage', create: createCounters },
    { name: 'billing_usage_gauges', create: createGauges },
  ],
  accepts: METERED,
  tracksStream: () => false,
  // Nobody waits on the meters (the run limit reads them at most once a second): a commit per half second, not per run.
  lingerMs: 500,
  apply: (event, tx) => applyDeltas([event], tx),
  applyBatch: (events, tx) => applyDeltas(events, tx),
};
