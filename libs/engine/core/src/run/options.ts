import { type WorkflowDefinition } from '../definition/types.js';
import { type EvaluationLimits } from '../expressions/data.js';
import { type Item } from '../items.js';
import { type Clock, type EngineServices, type NodeRegistry } from '../node-type.js';
import { type Checkpoint } from './state.js';

/** Everything a run needs besides its input. */
export interface RunOptions {
  readonly workflow: WorkflowDefinition;
  readonly registry: NodeRegistry;
  readonly clock: Clock;
  readonly executionId: string;
  /** `manual`, `webhook`, `schedule`, `error`, `subworkflow`... */
  readonly mode?: string;
  readonly services?: EngineServices;
  readonly signal?: AbortSignal;
  readonly vars?: Readonly<Record<string, string>>;
  readonly egressAllowList?: readonly string[];
  readonly expressionLimits?: EvaluationLimits;
  /**
   * Called after every node with the engine state. The object is live: serialize it
   * before returning (JSON.stringify) if it must outlive the call.
   */
  readonly onCheckpoint?: (checkpoint: Checkpoint) => void;
}

export interface StartInput {
  /** The trigger node to start at; the first trigger by position when absent. */
  readonly startNodeId?: string;
  /** Items the trigger emits (webhook request, manual input, caller's items). */
  readonly items?: Item[];
}

export interface ResumeInput {
  readonly checkpoint: Checkpoint;
  /** Items a resumed `wait` node emits (e.g. the resume webhook's request). */
  readonly resumeItems?: Item[];
}
