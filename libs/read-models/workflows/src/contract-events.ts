import { type PublicExecutionEvent, type PublicWorkflowsEvent, isPublicExecutionEventType, isPublicWorkflowsEventType } from '@weft/contracts';
import { type RecordedEvent, contextOfStream } from '@weft/kernel';

// The projections here read events in the shapes of @weft/contracts, narrowed by type
// name, and declare none of their own. The type name is enough: the workflows context's
// stored events are its contracts field for field (its public-events.unit.spec.ts; a
// stored credential event adds only the `encrypted` blob, which nothing here reads), and
// every published event is validated against its contract on produce and on consume.

/** An event of the workflows context (Workflow or Credential stream), typed by its contract. */
export function isWorkflowsEvent(event: RecordedEvent): event is RecordedEvent & PublicWorkflowsEvent {
  return contextOfStream(event.streamId) === 'workflows' && isPublicWorkflowsEventType(event.type);
}

/** An event of the execution context, typed by its contract. */
export function isExecutionEvent(event: RecordedEvent): event is RecordedEvent & PublicExecutionEvent {
  return contextOfStream(event.streamId) === 'execution' && isPublicExecutionEventType(event.type);
}
