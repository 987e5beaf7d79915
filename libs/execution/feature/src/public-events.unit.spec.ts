import type * as contracts from '@weft/contracts';
import { executionEventSchemaVersions, isPublishedEventType, validateExecutionEvent } from '@weft/contracts';
import type * as domain from '@weft/execution-domain';
import { executionUpcasters } from '@weft/execution-domain';
import { type EventData, type Same } from '@weft/testing';

// The Execution aggregate's events and their public contracts must stay mutually
// assignable (same fields, same types), and name the same events: every domain event
// but ExecutionCheckpointed (the engine checkpoint, never published) is public. A drift
// is a compile error here (the type check runs in CI).
type PublicDomainEvent = Exclude<domain.ExecutionEvent, { type: 'ExecutionCheckpointed' }>;
type Data<T extends PublicDomainEvent['type']> = EventData<domain.ExecutionEvent, T>;

const inSync: {
  types: Same<PublicDomainEvent['type'], contracts.PublicExecutionEvent['type']>;
  queued: Same<Data<'ExecutionQueued'>, contracts.ExecutionQueuedData>;
  started: Same<Data<'ExecutionStarted'>, contracts.ExecutionStartedData>;
  nodeCompleted: Same<Data<'ExecutionNodeCompleted'>, contracts.ExecutionNodeCompletedData>;
  nodeFailed: Same<Data<'ExecutionNodeFailed'>, contracts.ExecutionNodeFailedData>;
  waiting: Same<Data<'ExecutionWaiting'>, contracts.ExecutionWaitingData>;
  resumed: Same<Data<'ExecutionResumed'>, contracts.ExecutionResumedData>;
  succeeded: Same<Data<'ExecutionSucceeded'>, contracts.ExecutionSucceededData>;
  failed: Same<Data<'ExecutionFailed'>, contracts.ExecutionFailedData>;
  canceled: Same<Data<'ExecutionCanceled'>, contracts.ExecutionCanceledData>;
  timedOut: Same<Data<'ExecutionTimedOut'>, contracts.ExecutionTimedOutData>;
  retried: Same<Data<'ExecutionRetried'>, contracts.ExecutionRetriedData>;
  modes: Same<domain.ExecutionMode, contracts.ExecutionMode>;
  origins: Same<domain.ExecutionOrigin, contracts.ExecutionOrigin>;
} = {
  types: true,
  queued: true,
  started: true,
  nodeCompleted: true,
  nodeFailed: true,
  waiting: true,
  resumed: true,
  succeeded: true,
  failed: true,
  canceled: true,
  timedOut: true,
  retried: true,
  modes: true,
  origins: true,
};

describe('execution public events', () => {
  it('match their contracts field for field (checked by the compiler)', () => {
    expect(Object.values(inSync).every(Boolean)).toBe(true);
  });

  it('are written at the schema version their contract publishes', () => {
    for (const [type, version] of Object.entries(executionEventSchemaVersions))
      expect({ type, version: executionUpcasters.latestVersion(type) }).toEqual({ type, version });
  });

  it('keep the engine checkpoint to the execution context', () => {
    expect(isPublishedEventType('ExecutionCheckpointed')).toBe(false);
    expect(validateExecutionEvent({ type: 'ExecutionCheckpointed', data: {} })).toEqual(['ExecutionCheckpointed is not a public execution event']);
  });
});
