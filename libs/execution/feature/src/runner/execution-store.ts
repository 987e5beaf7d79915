import { nativeDeterministicEventId } from '@weft/eventstore';
import {
  type ExecutionCommand,
  type ExecutionEvent,
  type ExecutionState,
  executionDecider,
  executionStreamId,
  executionUpcasters,
} from '@weft/execution-domain';
import {
  type CommandContext,
  type CommandResult,
  type Decider,
  type EventStreamStore,
  type NewEvent,
  type RecordedEvent,
  commandMetadata,
  eventMetadataFrom,
  handleCommand,
  loadState,
} from '@weft/kernel';

// How the execution context reads and writes its streams: the kernel's command path
// (`handleCommand`'s ids, metadata and schema versions, `loadState`'s fold), used alike by
// the service's one-off commands (cancel, retry) and by the runner's `ExecutionStream`,
// which decides many commands against state it holds and appends them together.

/** A command without its metadata: whoever decides it makes that (`commandMetadata` of a context). */
export type ExecutionCommandBody = Omit<ExecutionCommand, 'metadata'> & { readonly metadata?: Partial<ExecutionCommand['metadata']> };

/** Where a command about an execution comes from: every execution command names its organization (tenancy by type). */
export type OrganizationContext = CommandContext & { readonly organizationId: string };

/**
 * The id of the `index`-th event of a command: the kernel's `deterministicEventId`
 * (UUID v5 of `<commandId>/<index>`), computed with Node's SHA-1. The kernel's own takes
 * ~8 µs an id here against ~2 µs, and a run appends an id for every event (a 5-node run:
 * 7), so the hot path passes this one where `handleCommand` takes `eventId`.
 */
export const executionEventId: (commandId: string, index: number) => string = nativeDeterministicEventId;

/**
 * A decided event as it is appended, as `handleCommand` makes it: the id derived from the
 * command's, the schema version the upcasters are at, the metadata the command hands
 * down (`eventMetadataFrom`) with the event's own on top. Execution events carry none of
 * their own, so no copy is made for them (this runs for every event of every run).
 */
export function newExecutionEvent(command: ExecutionCommand, event: ExecutionEvent, index: number): NewEvent {
  const inherited = eventMetadataFrom(command.metadata);
  return {
    eventId: executionEventId(command.metadata.commandId, index),
    type: event.type,
    data: event.data,
    schemaVersion: executionUpcasters.latestVersion(event.type),
    metadata: event.metadata === undefined ? inherited : { ...inherited, ...event.metadata },
  };
}

/**
 * One command on an Execution stream, the kernel's way (`handleCommand`: load, decide,
 * append, again on a conflict), its metadata made from `context` (`commandMetadata`),
 * with the ids and schema versions `ExecutionStream` writes.
 */
export function handleExecutionCommand(
  store: EventStreamStore,
  executionId: string,
  body: ExecutionCommandBody,
  context: OrganizationContext,
): Promise<CommandResult<ExecutionState>> {
  const command = { type: body.type, data: body.data, metadata: commandMetadata(context) } as ExecutionCommand;
  return handleCommand({
    store,
    streamId: executionStreamId(executionId),
    decider: executionDecider,
    command,
    upcasters: executionUpcasters,
    eventId: executionEventId,
  });
}

/** One Execution stream as stored: its state, the version to append after (-1: none), and when it last changed. */
export interface LoadedExecution {
  readonly state: ExecutionState;
  readonly version: number;
  readonly lastRecordedAt: Date | null;
}

type RecordedExecutionEvent = ExecutionEvent & Pick<RecordedEvent, 'streamVersion' | 'schemaVersion' | 'occurredAt'>;

/**
 * The execution decider's fold with the stream's position alongside, for the kernel's
 * `loadState` (the one cast of recorded events to a decider's). It only folds: every
 * command is decided by `executionDecider` itself.
 */
const positionedExecution: Decider<LoadedExecution, ExecutionCommand, RecordedExecutionEvent> = {
  initialState: () => ({ state: executionDecider.initialState(), version: -1, lastRecordedAt: null }),
  evolve: (loaded, event) => ({
    state: executionDecider.evolve(loaded.state, executionUpcasters.upcast(event)),
    version: event.streamVersion,
    lastRecordedAt: event.occurredAt,
  }),
  decide: () => [],
};

/** Reads and folds one Execution stream (upcast as `handleCommand` does). */
export function loadExecution(store: EventStreamStore, executionId: string): Promise<LoadedExecution> {
  return loadState(store, executionStreamId(executionId), positionedExecution);
}
