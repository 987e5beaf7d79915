import { type NodeDefinition } from './definition/types.js';
import { type ExpressionExtras } from './expressions/data.js';
import { type ZonedDateTime } from './expressions/date-time.js';
import { type Item, type ItemsByPort, type JsonValue } from './items.js';
import { type LogRoom } from './run/run-logs.js';

/** Time for the engine: injected so runs are deterministic and waits are fast in tests. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Waits `ms` (between retries); a virtual clock moves forward by `ms`. Rejects when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Resolves once `ms` have passed on this clock, without moving it (timeouts and
   * deadlines running beside other work). Rejects when `signal` aborts.
   */
  timer(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Source of ids (execution ids, `crypto` node uuids are separate: they are data). */
export interface IdSource {
  next(): string;
}

export interface LogEntry {
  readonly nodeId: string;
  readonly level: 'log' | 'info' | 'warn' | 'error' | 'debug';
  readonly message: string;
}

/** Resolves a credential id to its decrypted data; implemented by the execution service. */
export interface CredentialResolver {
  resolve(credentialId: string): Promise<Record<string, JsonValue>>;
}

/** Runs another workflow of the same organization (the `executeWorkflow` node). */
export interface SubWorkflowRunner {
  run(request: { workflowId: string; items: Item[]; waitForCompletion: boolean; signal: AbortSignal }): Promise<Item[]>;
}

/**
 * Ports handed to node executors. The core names the common ones; node libraries add
 * their own (HTTP transport, code sandbox) under other keys.
 */
export interface EngineServices {
  readonly credentials?: CredentialResolver;
  readonly subWorkflows?: SubWorkflowRunner;
  readonly [port: string]: unknown;
}

export interface WebhookResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: JsonValue | undefined;
}

/** A node asks the engine to suspend the run (the `wait` node). */
export class WaitRequest {
  constructor(
    /** ISO time to resume at; absent when only an external resume can continue the run. */
    readonly until: string | undefined,
    readonly resumeOnWebhook: boolean,
  ) {}
}

export type NodeResult = ItemsByPort | WaitRequest;

/**
 * Resources a node activation used outside the engine, reported by the node (the
 * engine cannot see them): summed into its `NodeRun.usage` and the run's `usage`.
 */
export interface UsageMeter {
  /** Bytes sent and received over the network (HTTP messages: heads and bodies). Adds up. */
  network(bytes: number): void;
  /** Memory the activation held outside the engine's items (the Code sandbox's heap growth). The peak is kept. */
  memory(bytes: number): void;
}

/** What a node executor sees for one activation. */
export interface NodeExecutionContext {
  readonly node: NodeDefinition;
  readonly nodeName: string;
  /** Items on each connected input. */
  readonly inputs: Readonly<ItemsByPort>;
  /** Items on the node's first input. */
  readonly items: readonly Item[];
  /** A property with its expressions evaluated for item `itemIndex` (default 0). */
  param<T = JsonValue>(name: string, itemIndex?: number): T | undefined;
  /**
   * Like `param`, but a property that is exactly one expression giving a Luxon-like
   * DateTime (`{{ $now }}`, `{{ $today.plus({days: 1}) }}`) yields it with its zone.
   */
  dateParam(name: string, itemIndex?: number): ZonedDateTime | JsonValue | undefined;
  /** A property as written, expressions not evaluated. */
  rawParam(name: string): JsonValue | undefined;
  /** Evaluates a value read with `rawParam` for an item, with extra variables (`$response`, `$pageCount`). */
  evaluate(value: JsonValue | undefined, itemIndex: number, extras: ExpressionExtras, property: string): unknown;
  readonly signal: AbortSignal;
  readonly clock: Clock;
  readonly services: EngineServices;
  readonly execution: { readonly id: string; readonly mode: string };
  readonly workflow: { readonly id: string; readonly name: string; readonly timezone: string };
  /** The org's egress allow-list (CIDRs and host names) for nodes that make requests. */
  readonly egressAllowList: readonly string[];
  /** Node state that survives between activations of a run (splitInBatches) and checkpoints. */
  getState(): JsonValue | undefined;
  setState(state: JsonValue | undefined): void;
  respond(response: WebhookResponse): void;
  log(level: LogEntry['level'], message: string): void;
  /** What is left of the run's log limits (`RUN_LOG_LIMITS`): a node that logs what it does not control keeps within it. */
  logRoom(): LogRoom;
  /** Reports network bytes and memory of this activation (retries included). */
  readonly usage: UsageMeter;
  /** Set when the run resumes a wait of this node: the items the resume brought. */
  readonly resumedWith?: readonly Item[];
}

/** A node type of the catalogue. */
export interface NodeType {
  readonly type: string;
  /** Entry node: receives the run's input, may not have incoming connections. */
  readonly trigger?: boolean;
  /** Breaks cycles (`splitInBatches`): a cycle through this node is allowed. */
  readonly loop?: boolean;
  /** Input names; `['main']` when absent, `[]` for triggers. */
  readonly inputs?: readonly string[];
  /** Output names, possibly depending on the node's properties (switch rules). */
  readonly outputs?: readonly string[] | ((properties: Record<string, JsonValue>) => readonly string[]);
  /** Properties that must be present. */
  readonly required?: readonly string[];
  /** Extra validation: problems as `[fieldPath, message]`. */
  readonly validate?: (properties: Record<string, JsonValue>) => readonly (readonly [string, string])[];
  /** The webhook this node listens on, for the duplicate check. */
  readonly webhook?: (properties: Record<string, JsonValue>) => { path: string; method: string } | undefined;
  execute(context: NodeExecutionContext): Promise<NodeResult> | NodeResult;
}

export const inputsOf = (type: NodeType): readonly string[] => type.inputs ?? (type.trigger ? [] : ['main']);

export function outputsOf(type: NodeType, node: NodeDefinition): readonly string[] {
  const outputs = typeof type.outputs === 'function' ? type.outputs(node.properties ?? {}) : (type.outputs ?? ['main']);
  return node.settings?.onError === 'continueErrorOutput' ? [...outputs, 'error'] : outputs;
}

/** Node types by name. */
export class NodeRegistry {
  private readonly types = new Map<string, NodeType>();

  constructor(types: readonly NodeType[] = []) {
    for (const type of types) this.register(type);
  }

  register(type: NodeType): this {
    this.types.set(type.type, type);
    return this;
  }

  get(type: string): NodeType | undefined {
    return this.types.get(type);
  }
}
