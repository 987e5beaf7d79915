import { randomUUID } from 'node:crypto';
import { type RecordedEvent } from '@weft/kernel';
import { type Database } from '@weft/postgres';
import { projectionTransaction } from '@weft/projections';
import { executionsProjection } from '@weft/read-model-executions';

// The retention and archive specs' runs: one run (queued and one node done) per age,
// projected by the executions projection, and one stored payload per age.

const names = new Map(executionsProjection.tables.map((table) => [table.name, table.name]));
export const DAY_MS = 86_400_000;

export class RetentionFixtures {
  constructor(
    private readonly db: Database,
    readonly now: Date,
  ) {}

  daysAgo(days: number): string {
    return new Date(this.now.getTime() - days * DAY_MS).toISOString();
  }

  /** One run (with its node log row) and one stored payload per age, for `org`; returns the runs' ids, oldest first as given. */
  async seed(org: string, ages: readonly number[]): Promise<string[]> {
    const runs = ages.map((days) => runEvents(org, this.daysAgo(days)));
    await this.db.transaction((tx) => executionsProjection.applyBatch!(runs.flat(), projectionTransaction(tx, names)));
    for (const days of ages) {
      await this.db.query(
        `insert into execution_payloads (id, organization_id, execution_id, kind, data, created_at) values ($1, $2, $3, 'output', '{}', $4)`,
        [randomUUID(), org, randomUUID(), this.daysAgo(days)],
      );
    }
    return runs.map((events) => (events[0]!.data as { executionId: string }).executionId);
  }

  /** The ages (days, rounded) of `org`'s rows in `table`, oldest first. */
  async ages(table: 'executions' | 'executions_archive' | 'execution_logs' | 'execution_payloads', org: string): Promise<number[]> {
    const { rows } = await this.db.query<{ created_at: Date }>(`select created_at from ${table} where organization_id = $1 order by created_at`, [org]);
    return rows.map((row) => Math.round((this.now.getTime() - row.created_at.getTime()) / DAY_MS));
  }
}

function runEvents(org: string, queuedAt: string): RecordedEvent[] {
  const executionId = randomUUID();
  const base = { streamId: `execution.Execution-${executionId}`, schemaVersion: 1, metadata: {}, occurredAt: new Date(queuedAt) };
  const queued = {
    executionId,
    organizationId: org,
    workflowId: randomUUID(),
    workflowVersion: 1,
    mode: 'manual',
    triggerNodeId: null,
    input: null,
    inputRef: null,
    inputItemCount: null,
    triggeredBy: 'trigger',
    retryOf: null,
    retryAttempt: 0,
    parentExecutionId: null,
    queuedBy: null,
    queuedAt,
  };
  const node = {
    executionId,
    organizationId: org,
    nodeId: 'start',
    runIndex: 0,
    status: 'success',
    startedAt: queuedAt,
    durationMs: 1,
    inputItemCount: 1,
    outputItemCount: 1,
    output: null,
    outputRef: null,
    credentialIds: [],
  };
  return [
    { ...base, eventId: randomUUID(), streamVersion: 0, type: 'ExecutionQueued', data: queued },
    { ...base, eventId: randomUUID(), streamVersion: 1, type: 'ExecutionNodeCompleted', data: node },
  ] as unknown as RecordedEvent[];
}
