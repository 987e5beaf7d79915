import { type EngineServices, type Item, type RunResult, type WorkflowDefinition } from '@weft/engine-core';
import { type ExecutionMode, type ExecutionOrigin } from '@weft/execution-domain';
import { type CommandContext } from '@weft/kernel';

/** What a run is asked for: which workflow version, started how, with which items. */
export interface RunRequest {
  readonly executionId: string;
  readonly organizationId: string;
  readonly workflowId: string;
  readonly version: number;
  readonly definition: WorkflowDefinition;
  /**
   * Whose authority the run has over credentials: who last saved, published or activated
   * what it runs (the activation for webhook and schedule runs, the version's author for
   * manual, API, sub-workflow and error-workflow runs; a retry or a recovered run keeps
   * the one it was queued with). `null`: shared credentials only.
   */
  readonly authorityId: string | null;
  readonly mode: ExecutionMode;
  readonly triggerNodeId?: string;
  readonly items: Item[];
  /** Who started it (the run's `queuedBy`); `null` for webhooks and schedules. */
  readonly actorId: string | null;
  /**
   * Where the command that asked for the run came from, as its `ExecutionQueued` records
   * it: an API request's `CommandContext` (its actor is `actorId`), or the platform's
   * (`SYSTEM_ACTOR`: schedules, error workflows). Absent: `actorId` alone (webhooks,
   * sub-workflows, automatic retries; absent facts take no bytes).
   */
  readonly context?: CommandContext;
  readonly triggeredBy?: ExecutionOrigin;
  readonly retryOf?: string | null;
  readonly retryAttempt?: number;
  readonly parentExecutionId?: string | null;
  /** Ports of this run only (its sub-workflow runner). */
  readonly services?: EngineServices;
  /** How many executions started this one (sub-workflows); bounds recursion. */
  readonly depth?: number;
}

/** The outcome of one run, for whoever waits for it (a webhook's answer, `wait: true`). */
export interface RunOutcome {
  readonly executionId: string;
  readonly result: RunResult;
}
