import { type RecordedEvent } from '@weft/kernel';
import { catalogWorkflowIdOf, globalPositionOf } from './catalog-events.js';

/** The part of the cache the invalidator needs. */
export interface InvalidatableCache {
  invalidate(workflowId: string, position: bigint): void;
}

/**
 * Feeds Workflow events to the cache: for an event of the `workflows` context whose
 * type starts with `Workflow` (on a `workflows.Workflow-<id>` stream), it calls
 * `cache.invalidate(workflowId, globalPosition)`; every other event is ignored.
 * Subscribe `handle` to the event store or the bus: it is synchronous and never throws
 * for an event it does not understand.
 */
export class CatalogInvalidator {
  constructor(private readonly cache: InvalidatableCache) {}

  /** Whether the event invalidated the cache. */
  handle(event: RecordedEvent): boolean {
    const workflowId = catalogWorkflowIdOf(event);
    if (workflowId === undefined) return false;
    let position: bigint;
    try {
      position = globalPositionOf(event);
    } catch {
      return false; // no usable position: the route TTL bounds how long this event goes unseen
    }
    this.cache.invalidate(workflowId, position);
    return true;
  }
}
