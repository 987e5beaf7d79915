import {
  type ExecutionCanceledData,
  type ExecutionFailedData,
  type ExecutionNodeCompletedData,
  type ExecutionNodeFailedData,
  type ExecutionQueuedData,
  type ExecutionRetriedData,
  type ExecutionStartedData,
  type ExecutionSucceededData,
  type ExecutionTimedOutData,
  type ExecutionWaitingData,
} from '@weft/contracts';
import { type RecordedEvent } from '@weft/kernel';

// A batch of execution events folded, per execution, into the change it makes to the
// run's `executions` row. The change is merged into the row by rules that commute and
// are idempotent (executions-projection.ts), so folding a batch first and applying its
// events one by one give the same row, redeliveries and late copies included:
// - the status columns come from the status event with the highest stream version;
// - started_at is the earliest start, the worker the one of the highest lease;
// - credential ids are a set; node runs are counted by their stream version;
// - the terminal columns come from the run's one terminal event.
// Folding is what lets a run queued, executed and finished inside one batch (the usual
// case) be written as one finished row instead of one statement per event type.

export interface StatusChange {
  readonly status: string;
  readonly engineStatus: string;
  readonly waitingUntil: string | null;
  readonly version: number;
}

/** What the run's terminal event sets. */
export interface Ending {
  readonly output: unknown;
  readonly outputRef: string | null;
  readonly lastNodeId: string | null;
  readonly error: unknown;
  readonly errorMessage: string | null;
  readonly errorReason: 'failed' | 'timeout' | 'canceled' | null;
  readonly usage: unknown;
  readonly finishedAt: string;
  readonly durationMs: number | null;
  readonly version: number;
}

export interface ExecutionChange {
  readonly executionId: string;
  readonly organizationId: string;
  /** The run's first event, when the batch has it: the row is created from it. */
  queued?: ExecutionQueuedData & { readonly version: number };
  status?: StatusChange;
  startedAt?: string;
  lease?: { readonly lease: number; readonly workerId: string };
  /** Stream versions of the node runs in the batch. */
  readonly nodeRuns: Set<number>;
  readonly credentialIds: Set<string>;
  ending?: Ending;
  retriedAs?: string;
  /** Who asked for the run and from where, from its first event's metadata (the reference's user_id and metadata). */
  origin?: RunRequester;
  /** When the latest event of the batch for this run happened. */
  updatedAt?: string;
}

export interface RunRequester {
  /** The user who queued the run; null for webhooks, schedules, API keys and the platform's own follow-ups. */
  readonly userId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** An event's time as ISO text, whether it arrived as a Date or, from a JSON transport, as text. */
function isoOf(occurredAt: Date | string | undefined): string | undefined {
  if (occurredAt === undefined) return undefined;
  const date = occurredAt instanceof Date ? occurredAt : new Date(occurredAt);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function originOf(metadata: RecordedEvent['metadata'] | undefined = {}): RunRequester {
  const userId = metadata['actorType'] === 'user' ? text(metadata.actorId) : null;
  return { userId, ip: text(metadata['clientIp']), userAgent: text(metadata['userAgent']) };
}

const canceledMessage = (d: ExecutionCanceledData) => d.reason ?? 'Execution canceled';
const timedOutMessage = (d: ExecutionTimedOutData) => `Execution timed out after ${d.timeoutMs} ms`;

type Folder = (change: ExecutionChange, data: never, version: number) => void;

function setStatus(change: ExecutionChange, version: number, status: string, engineStatus: string, waitingUntil: string | null = null): void {
  if (!change.status || change.status.version < version) change.status = { status, engineStatus, waitingUntil, version };
}

function end(change: ExecutionChange, ending: Ending): void {
  if (!change.ending || change.ending.version < ending.version) change.ending = ending;
}

const none = { output: null, outputRef: null, lastNodeId: null, error: null, errorMessage: null, errorReason: null, usage: null } as const;

function nodeRun(change: ExecutionChange, data: ExecutionNodeCompletedData | ExecutionNodeFailedData, version: number): void {
  change.nodeRuns.add(version);
  for (const id of data.credentialIds) change.credentialIds.add(id);
}

const folders: Record<string, Folder> = {
  ExecutionQueued: (change, data: ExecutionQueuedData, version) => {
    if (!change.queued || change.queued.version < version) change.queued = { ...data, version };
    setStatus(change, version, 'running', 'queued');
  },
  ExecutionStarted: (change, data: ExecutionStartedData, version) => {
    setStatus(change, version, 'running', 'running');
    if (change.startedAt === undefined || Date.parse(data.startedAt) < Date.parse(change.startedAt)) change.startedAt = data.startedAt;
    if (!change.lease || change.lease.lease < data.lease) change.lease = { lease: data.lease, workerId: data.workerId };
  },
  ExecutionNodeCompleted: nodeRun,
  ExecutionNodeFailed: nodeRun,
  ExecutionWaiting: (change, data: ExecutionWaitingData, version) => setStatus(change, version, 'waiting', 'waiting', data.waitingOn.until),
  // Resumed: queued again for a worker. The API has no `queued`: a run that has waited shows `waiting` until it runs.
  ExecutionResumed: (change, _data, version) => setStatus(change, version, 'waiting', 'queued'),
  ExecutionSucceeded: (change, d: ExecutionSucceededData, version) => {
    setStatus(change, version, 'success', 'success');
    end(change, {
      ...none,
      output: d.output,
      outputRef: d.outputRef,
      lastNodeId: d.lastNodeId,
      usage: d.usage,
      finishedAt: d.finishedAt,
      durationMs: d.durationMs,
      version,
    });
  },
  ExecutionFailed: (change, d: ExecutionFailedData, version) => {
    setStatus(change, version, 'error', 'error');
    const error = { ...d.error, willRetry: d.willRetry };
    end(change, {
      ...none,
      error,
      errorMessage: d.error.message,
      errorReason: 'failed',
      usage: d.usage,
      finishedAt: d.finishedAt,
      durationMs: d.durationMs,
      version,
    });
  },
  ExecutionCanceled: (change, d: ExecutionCanceledData, version) => {
    setStatus(change, version, 'canceled', 'canceled');
    const error = { message: canceledMessage(d), name: 'ExecutionCanceled', canceledBy: d.canceledBy };
    end(change, { ...none, error, errorMessage: canceledMessage(d), errorReason: 'canceled', finishedAt: d.canceledAt, durationMs: d.durationMs, version });
  },
  ExecutionTimedOut: (change, d: ExecutionTimedOutData, version) => {
    setStatus(change, version, 'error', 'error');
    const error = { message: timedOutMessage(d), name: 'ExecutionTimedOut', timeoutMs: d.timeoutMs };
    end(change, { ...none, error, errorMessage: timedOutMessage(d), errorReason: 'timeout', finishedAt: d.timedOutAt, durationMs: d.durationMs, version });
  },
  ExecutionRetried: (change, d: ExecutionRetriedData) => {
    change.retriedAs = d.retryExecutionId;
  },
};

/** The batch's changes, one per execution, in the order the executions first appear. Other events are ignored. */
export function foldExecutionChanges(events: readonly RecordedEvent[]): ExecutionChange[] {
  const changes = new Map<string, ExecutionChange>();
  for (const event of events) {
    const fold = folders[event.type];
    if (!fold) continue;
    const data = event.data as { executionId: string; organizationId: string };
    let change = changes.get(data.executionId);
    if (!change) {
      change = { executionId: data.executionId, organizationId: data.organizationId, nodeRuns: new Set(), credentialIds: new Set() };
      changes.set(data.executionId, change);
    }
    fold(change, data as never, event.streamVersion);
    const at = isoOf(event.occurredAt);
    if (at !== undefined && (change.updatedAt === undefined || change.updatedAt < at)) change.updatedAt = at;
    if (event.type === 'ExecutionQueued') change.origin = originOf(event.metadata);
  }
  return [...changes.values()];
}
