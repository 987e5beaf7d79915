import { type JsonValue, type NodeDefinition } from '@weft/engine-core';

/** A node of an n8n workflow export. */
export interface N8nNode {
  readonly id?: string;
  readonly name: string;
  readonly type: string;
  readonly typeVersion?: number;
  readonly position?: readonly [number, number];
  readonly parameters?: Record<string, JsonValue>;
  readonly credentials?: Record<string, { id?: string; name?: string }>;
  readonly disabled?: boolean;
  readonly retryOnFail?: boolean;
  readonly maxTries?: number;
  readonly waitBetweenTries?: number;
  readonly alwaysOutputData?: boolean;
  readonly executeOnce?: boolean;
  readonly continueOnFail?: boolean;
  readonly onError?: string;
  readonly webhookId?: string;
  readonly notes?: string;
}

export interface N8nConnectionTarget {
  readonly node: string;
  readonly type: string;
  readonly index: number;
}

/** An n8n workflow export (`n8n export:workflow`, or the editor's download). */
export interface N8nWorkflow {
  readonly id?: string;
  readonly name?: string;
  readonly nodes: readonly N8nNode[];
  readonly connections: Record<string, Record<string, (readonly N8nConnectionTarget[] | null)[]>>;
  readonly settings?: Record<string, JsonValue>;
}

/** Something the import could not carry over exactly. */
export interface ImportProblem {
  /** `error`: behaviour differs or the node does nothing; `warning`: a detail is lost or must be re-linked. */
  readonly severity: 'error' | 'warning';
  readonly node?: string;
  readonly path: string;
  readonly message: string;
}

/** What a type mapper produces for one n8n node. */
export interface MappedNode {
  readonly type: string;
  readonly properties: Record<string, JsonValue>;
  /** Output names in n8n's output-index order. */
  readonly outputs?: readonly string[];
  /** Input names in n8n's input-index order. */
  readonly inputs?: readonly string[];
}

export type WeftNode = NodeDefinition;
