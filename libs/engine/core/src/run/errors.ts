import { type ErrorInfo } from './state.js';

/** A node's `timeout` setting elapsed. */
export class NodeTimeoutError extends Error {
  override name = 'NodeTimeoutError';
}

/** The workflow's `timeout` setting elapsed. */
export class WorkflowTimeoutError extends Error {
  override name = 'WorkflowTimeoutError';
}

/** Raised by `stopAndError` and by nodes for errors the user asked for. */
export class NodeOperationError extends Error {
  override name = 'NodeOperationError';
  constructor(
    message: string,
    readonly description?: string,
  ) {
    super(message);
  }
}

export function toErrorInfo(error: unknown, nodeId?: string): ErrorInfo {
  const base = error instanceof Error ? { message: error.message, name: error.name } : { message: String(error), name: 'Error' };
  const description = error instanceof NodeOperationError ? error.description : undefined;
  return { ...base, ...(nodeId === undefined ? {} : { nodeId }), ...(description === undefined ? {} : { description }) };
}
