import { type Item, type ItemsByPort, type JsonValue } from '../items.js';
import { type LogEntry, type WebhookResponse } from '../node-type.js';

export type RunStatus = 'running' | 'success' | 'error' | 'waiting' | 'canceled';

export interface ErrorInfo {
  readonly message: string;
  readonly name: string;
  readonly nodeId?: string;
  readonly description?: string;
}

/** Where an activation's (first) input came from: a node's output in one of its runs. */
export interface ItemSource {
  readonly nodeId: string;
  readonly output: string;
  readonly run: number;
}

/** `count` consecutive items of an input that came from one source (a merge input fed twice). */
export interface SourceSegment extends ItemSource {
  readonly count: number;
}

/** Sources per input name of a multi-input node's activation, in the order its items arrived. */
export type InputSources = Record<string, SourceSegment[]>;

/** What a node run, or a whole run, used besides time, as its nodes reported it (`UsageMeter`). */
export interface RunUsage {
  /** Bytes sent and received over the network. */
  readonly networkBytes: number;
  /** Peak memory a node reported (the largest Code sandbox heap growth of the run). */
  readonly memoryBytes: number;
}

/** One run of one node. */
export interface NodeRun {
  readonly status: 'success' | 'error' | 'waiting';
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly durationMs: number;
  readonly inputItemCount: number;
  readonly outputs: ItemsByPort;
  readonly disabled?: boolean;
  readonly tries?: number;
  readonly error?: ErrorInfo;
  /** Source of the first input, for tracing `$('Node').item` back through paired items. */
  readonly source?: ItemSource;
  /** Sources of every input of a multi-input node (merge), for the same tracing. */
  readonly inputSources?: InputSources;
  /** Absent when the node reported nothing (most nodes do no I/O). */
  readonly usage?: RunUsage;
  /** This run's lines in the run's `logs` (`logs.slice(from, to)`, its tries' lines included); absent when its node logged nothing. */
  readonly logLines?: readonly [from: number, to: number];
}

/** A node due to run with these input items. */
export interface Activation {
  readonly nodeId: string;
  readonly inputs: ItemsByPort;
  readonly source?: ItemSource;
  readonly inputSources?: InputSources;
}

export interface WaitingOn {
  readonly nodeId: string;
  readonly until?: string;
  readonly resumeOnWebhook: boolean;
}

/**
 * The whole engine state between two nodes: plain JSON, so it can be stored and a run
 * resumed from it on another worker.
 */
export interface Checkpoint {
  readonly version: 1;
  readonly executionId: string;
  readonly mode: string;
  readonly startedAt: number;
  status: RunStatus;
  /** Next activations, the first runs next (depth-first order). */
  stack: Activation[];
  /** Multi-input nodes that have data on some inputs, by node id and input. */
  pending: Record<string, ItemsByPort>;
  /** Where the `pending` items came from, by node id (absent in checkpoints of older versions). */
  pendingSources?: Record<string, InputSources>;
  runData: Record<string, NodeRun[]>;
  /** Executed node ids in order. */
  executed: string[];
  nodeState: Record<string, JsonValue>;
  logs: LogEntry[];
  response?: WebhookResponse;
  error?: ErrorInfo;
  waitingOn?: WaitingOn;
}

/** What a run returns to the execution service. */
export interface RunResult {
  readonly status: Exclude<RunStatus, 'running'>;
  readonly executionId: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly runData: Record<string, NodeRun[]>;
  readonly lastNodeId?: string;
  /** The last executed node's first non-empty output (n8n's `lastNode` response). */
  readonly lastNodeOutput: Item[];
  readonly response?: WebhookResponse;
  readonly logs: readonly LogEntry[];
  readonly error?: ErrorInfo;
  readonly waitingOn?: WaitingOn;
  /**
   * Network bytes of every node run in `runData` (so a resumed run counts what ran
   * before) and the largest memory a node reported.
   */
  readonly usage: RunUsage;
  /** Store this to resume (after a wait, a cancel or a crash). */
  readonly checkpoint: Checkpoint;
}
