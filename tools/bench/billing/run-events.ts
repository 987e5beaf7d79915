// A recorded webhook run as the platform writes it for the benchmark workflow
// (webhookTrigger → set → if → set): queued, started, four nodes completed, succeeded,
// seven events in one append to `execution.Execution-<uuid>`, with the organization in
// data and metadata. Shared by the billing benchmarks, which put a history of such runs
// straight into the event store.
import { randomUUID } from 'node:crypto';
import { type PostgresEventStore } from '@weft/eventstore';
import { type NewEvent } from '@weft/kernel';

/** One run to record: whose, of which workflow, queued when. */
export interface RecordedRun {
  readonly organizationId: string;
  readonly workflowId: string;
  readonly queuedAt: Date;
}

const NODES = ['hook', 'total', 'check', 'big'] as const;

function item(i: number, node: string): { json: Record<string, string | number> } {
  const json: Record<string, string | number> = { qty: (i % 5) + 1, price: 30, customer: 'ADA' };
  if (node !== 'hook') json['total'] = ((i % 5) + 1) * 30;
  if (node === 'big') json['tier'] = 'big';
  return { json };
}

/** The seven events of run `i` (its numbers vary with `i`, as request bodies do). */
function runEvents(run: RecordedRun, i: number): NewEvent[] {
  const { organizationId, workflowId } = run;
  const executionId = randomUUID();
  const at = (ms: number) => new Date(run.queuedAt.getTime() + ms).toISOString();
  const metadata = { organizationId, correlationId: executionId, actorId: 'system' };
  const event = (type: string, data: Record<string, unknown>): NewEvent => ({
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data: { executionId, organizationId, ...data },
    metadata,
  });
  const body = { qty: (i % 5) + 1, price: 30, customer: 'ada' };
  const input = [{ json: { headers: { 'content-type': 'application/json' }, query: {}, body } }];
  const nodes = NODES.map((nodeId, n) =>
    event('ExecutionNodeCompleted', {
      nodeId,
      runIndex: 0,
      status: 'success',
      startedAt: at(1 + n),
      durationMs: 0,
      inputItemCount: 1,
      outputItemCount: 1,
      output: { main: [item(i, nodeId)] },
      outputRef: null,
      credentialIds: [],
    }),
  );
  return [
    event('ExecutionQueued', {
      workflowId,
      workflowVersion: 1,
      mode: 'webhook',
      triggerNodeId: 'hook',
      input,
      inputRef: null,
      inputItemCount: 1,
      triggeredBy: 'trigger',
      retryOf: null,
      retryAttempt: 0,
      parentExecutionId: null,
      queuedBy: null,
      authorityId: null,
      maxRetries: 0,
      queuedAt: at(0),
    }),
    event('ExecutionStarted', { workerId: 'bench', lease: 1, takeover: false, previousWorkerId: null, resumed: false, startedAt: at(1) }),
    ...nodes,
    event('ExecutionSucceeded', {
      lease: 1,
      output: [item(i, 'big')],
      outputRef: null,
      lastNodeId: 'big',
      usage: { cpuMs: 1, memoryBytes: 0, networkBytes: 0 },
      finishedAt: at(6),
      durationMs: 5,
    }),
  ];
}

/** Appends the runs, each to a new stream, from `concurrency` writers through group commit. */
export async function appendRuns(store: PostgresEventStore, runs: readonly RecordedRun[], concurrency = 64): Promise<number> {
  let next = 0;
  let events = 0;
  const writer = async () => {
    for (let i = next++; i < runs.length; i = next++) {
      const recorded = runEvents(runs[i]!, i);
      await store.appendGrouped(`execution.Execution-${(recorded[0]!.data as { executionId: string }).executionId}`, recorded, 'no_stream');
      events += recorded.length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, writer));
  return events;
}
