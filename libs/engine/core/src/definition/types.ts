import { type JsonValue } from '../items.js';

export type OnErrorSetting = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

/** Settings every node accepts (see docs/engine.md). */
export interface NodeSettings {
  readonly retryOnFail?: boolean;
  readonly maxTries?: number;
  readonly waitBetweenTries?: number;
  readonly onError?: OnErrorSetting;
  readonly alwaysOutputData?: boolean;
  readonly executeOnce?: boolean;
  readonly timeout?: number;
  readonly disabled?: boolean;
}

export interface Position {
  readonly x: number;
  readonly y: number;
}

export interface NodeDefinition {
  readonly id: string;
  readonly type: string;
  readonly name?: string;
  readonly position?: Position;
  readonly properties?: Record<string, JsonValue>;
  readonly credentials?: { readonly id: string } & Record<string, JsonValue>;
  readonly settings?: NodeSettings;
}

export interface ConnectionDefinition {
  readonly source: string;
  readonly target: string;
  readonly sourceOutput?: string;
  readonly targetInput?: string;
}

export interface WorkflowSettings {
  /** `stop` (default) ends the run on a node error; `continue` makes `continueRegularOutput` the default. */
  readonly errorHandling?: 'stop' | 'continue';
  /** Default `maxTries` for nodes that set `retryOnFail` without their own `maxTries`. */
  readonly maxRetries?: number;
  /** Whole-run time limit in ms. */
  readonly timeout?: number;
  readonly timezone?: string;
  readonly errorWorkflowId?: string | null;
  readonly saveExecutionData?: string;
}

/** A workflow's `workflow_data`. */
export interface WorkflowDefinition {
  readonly id?: string;
  readonly name?: string;
  readonly nodes: readonly NodeDefinition[];
  readonly connections: readonly ConnectionDefinition[];
  readonly settings?: WorkflowSettings;
}

/** One validation problem: which node, which field, what is wrong. */
export interface ValidationProblem {
  readonly code: string;
  readonly message: string;
  readonly nodeId?: string;
  /** JSON path of the offending field, e.g. `nodes[2].properties.url`. */
  readonly path: string;
}

export const DEFAULT_PORT = 'main';
export const nodeName = (node: NodeDefinition): string => node.name ?? node.id;
