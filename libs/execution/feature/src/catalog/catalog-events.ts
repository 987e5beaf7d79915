import { type RecordedEvent, contextOfStream } from '@weft/kernel';

// The fields of the workflows context's published Workflow events the catalog reads
// (libs/contracts/src/workflows/workflow-events.ts). Declared here, narrowly, so that a
// field the catalog does not use can change without touching it.

export interface WorkflowIds {
  readonly workflowId: string;
  readonly organizationId: string;
}

interface Content {
  readonly name: string;
  readonly nodes: readonly unknown[];
  readonly connections: readonly unknown[];
  readonly settings: Readonly<Record<string, unknown>>;
}

export type CreatedData = WorkflowIds & Content & { readonly version: number; readonly createdBy: string; readonly createdAt: string };
export type UpdatedData = WorkflowIds & Content & { readonly version: number; readonly updatedBy: string; readonly updatedAt: string };
export interface WebhookData {
  readonly method: string;
  readonly path: string;
  readonly nodeId: string;
}
export type ActivatedData = WorkflowIds & {
  readonly version: number;
  readonly webhooks: readonly WebhookData[];
  readonly schedules: readonly unknown[];
  readonly activatedBy: string;
  readonly activatedAt: string;
};

const WORKFLOW_STREAM_PREFIX = 'workflows.Workflow-';

/**
 * The workflow an event of the Workflow aggregate is about, or `undefined` for any
 * other event. The projection and the invalidator share this one test, so every event
 * that invalidates the cache is one the projection records a position for (see the
 * README: that is what lets the cache know when the catalog has caught up).
 *
 * Workflow events are those of the `workflows` context whose type starts with
 * `Workflow`, on a `workflows.Workflow-<id>` stream (the slug reservation streams,
 * `workflows.WorkflowSlug-…`, carry `Workflow…` types too and are not about the catalog).
 */
export function catalogWorkflowIdOf(event: RecordedEvent): string | undefined {
  if (contextOfStream(event.streamId) !== 'workflows') return undefined;
  if (!event.type.startsWith('Workflow') || !event.streamId.startsWith(WORKFLOW_STREAM_PREFIX)) return undefined;
  const data = event.data as Partial<WorkflowIds> | null;
  const fromData = data !== null && typeof data === 'object' && typeof data.workflowId === 'string' ? data.workflowId : undefined;
  return fromData ?? event.streamId.slice(WORKFLOW_STREAM_PREFIX.length);
}

/**
 * The event's global log position (`events.global_position`). Within one stream it only
 * grows (appends to a stream are serialised by its version), which is what the catalog's
 * out-of-order guards and the cache's staleness checks rely on.
 */
export function globalPositionOf(event: RecordedEvent): bigint {
  return BigInt(event.logPosition.position);
}
