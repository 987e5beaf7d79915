import { type OrganizationCommand, type OrganizationRole } from '@weft/kernel';
import {
  type ExecutionError,
  type ExecutionItem,
  type ExecutionLogLine,
  type ExecutionMode,
  type ExecutionOrigin,
  type ExecutionOutputs,
  type ExecutionUsage,
} from './execution-events.js';

/**
 * Tenancy by types: every execution command names its organization (the kernel's
 * OrganizationCommand). The actor is optional: schedules, webhooks and workers act for nobody.
 */
export type ExecutionTenantCommand<Type extends string, Data> = OrganizationCommand<Type, Data>;

/** The actor's organization role, looked up by the feature; `null` when not a member. */
export interface ExecutionActorFacts {
  readonly actorRole: OrganizationRole | null;
}

/** Which claim a worker command comes from: the worker and the lease `ExecutionStarted` gave it. */
export interface WorkerClaim {
  readonly workerId: string;
  readonly lease: number;
}

/**
 * Queues a run. The feature checked the workflow and its version, and stored a large
 * input outside the events (`inputRef`) first. A deterministic `executionId` (a
 * schedule tick, a retried trigger) queued twice with the same facts decides nothing.
 */
export type QueueExecution = ExecutionTenantCommand<
  'QueueExecution',
  {
    executionId: string;
    workflowId: string;
    workflowVersion: number;
    mode: ExecutionMode;
    triggerNodeId?: string | null;
    input?: readonly ExecutionItem[] | null;
    inputRef?: string | null;
    /** With `inputRef`: how many items it holds, when the caller knows. */
    inputItemCount?: number | null;
    /** Default `trigger`; `retry` needs `retryOf` and `retryAttempt` ≥ 1, the others `parentExecutionId`. */
    triggeredBy?: ExecutionOrigin;
    retryOf?: string | null;
    retryAttempt?: number;
    parentExecutionId?: string | null;
    /**
     * Whose authority the run has over credentials: the principal who last changed what
     * it runs (saved, published or activated the version), not who started it; `null`
     * when unknown (shared credentials only). Recorded, so a retry or a resumed run
     * keeps the authority it was queued with.
     */
    authorityId?: string | null;
    /** How many automatic retries the workflow's settings allow a failed run (the reference's max_retries). */
    maxRetries?: number;
  }
>;
/**
 * A worker claims the run. While another worker holds it, only a `takeover` naming that
 * worker (`previousWorkerId`) is decided: the caller saw its lease expire.
 */
export type StartExecution = ExecutionTenantCommand<'StartExecution', { workerId: string; takeover?: boolean; previousWorkerId?: string | null }>;

/** One finished node run as the worker reports it (the engine's `NodeRun`, flattened). */
export interface NodeRunReport {
  readonly nodeId: string;
  readonly runIndex: number;
  readonly status: 'success' | 'error' | 'waiting';
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly inputItemCount: number;
  readonly outputItemCount: number;
  /** Small outputs inline; a large one stored by the worker and named by `outputRef`. */
  readonly output?: ExecutionOutputs | null;
  readonly outputRef?: string | null;
  /** Required when `status` is `error`. */
  readonly error?: ExecutionError;
  readonly credentialIds?: readonly string[];
  /** Tries the run took (the engine's `NodeRun.tries`); recorded when more than one. */
  readonly tries?: number;
  /** The node run's log lines; kept within `EXECUTION_LOG_LINES_MAX` lines of `EXECUTION_ERROR_TEXT_MAX_LENGTH` characters. */
  readonly logs?: readonly ExecutionLogLine[];
}

/** The engine state after the reported runs: the serialised `Checkpoint` inline, or by reference. */
export interface CheckpointReport {
  readonly checkpoint?: unknown;
  readonly checkpointRef?: string | null;
}

/** Node runs finished; runs already recorded (same `nodeId` and `runIndex`) are skipped. */
export type RecordNodeRuns = ExecutionTenantCommand<'RecordNodeRuns', WorkerClaim & CheckpointReport & { runs: readonly NodeRunReport[] }>;
/** The engine returned `waiting`: park the run with its checkpoint; the worker lets it go. */
export type ParkExecution = ExecutionTenantCommand<
  'ParkExecution',
  WorkerClaim & CheckpointReport & { waitingOn: { nodeId: string; until?: Date | null; webhook: boolean } }
>;
/** A timer that is due, or a call of the resume webhook, puts a waiting run back in the queue. */
export type ResumeExecution = ExecutionTenantCommand<
  'ResumeExecution',
  { by: 'timer' | 'webhook'; resumedWith?: readonly ExecutionItem[] | null; resumedWithRef?: string | null }
>;
export type SucceedExecution = ExecutionTenantCommand<
  'SucceedExecution',
  WorkerClaim & {
    output?: readonly ExecutionItem[] | null;
    outputRef?: string | null;
    lastNodeId?: string | null;
    usage: ExecutionUsage;
    /** Node runs not reported yet, recorded with the outcome (no checkpoint: the run is over). */
    runs?: readonly NodeRunReport[];
  }
>;
/**
 * The run failed. From a worker (`claim`) while running; from the service (`claim`
 * `null`) while queued or waiting, when it cannot run or resume it. `willRetry`: a
 * retry will be queued (the workflow's retry settings).
 */
export type FailExecution = ExecutionTenantCommand<
  'FailExecution',
  {
    claim: WorkerClaim | null;
    error: ExecutionError;
    willRetry?: boolean;
    usage?: ExecutionUsage | null;
    /** With a claim: node runs not reported yet. */ runs?: readonly NodeRunReport[];
  }
>;
/** `workflow:execute`; allowed until the run finished. */
export type CancelExecution = ExecutionTenantCommand<'CancelExecution', ExecutionActorFacts & { reason?: string | null }>;
/** The timeout watchdog (no actor): the run took longer than `timeoutMs`. */
export type TimeOutExecution = ExecutionTenantCommand<'TimeOutExecution', { timeoutMs: number }>;
/**
 * `workflow:execute`: a failed or canceled run is retried as `retryExecutionId`, which the
 * caller queues next (`QueueExecution` with `triggeredBy: 'retry'` and the attempt decided here).
 */
export type RetryExecution = ExecutionTenantCommand<'RetryExecution', ExecutionActorFacts & { retryExecutionId: string }>;

/** Commands a worker sends under its claim. */
export type WorkerCommand = RecordNodeRuns | ParkExecution | SucceedExecution;

/** Every command of the Execution aggregate. */
export type ExecutionCommand =
  | QueueExecution
  | StartExecution
  | RecordNodeRuns
  | ParkExecution
  | ResumeExecution
  | SucceedExecution
  | FailExecution
  | CancelExecution
  | TimeOutExecution
  | RetryExecution;
