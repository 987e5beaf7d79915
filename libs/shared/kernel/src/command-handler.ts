import { type Command, type Decider, eventMetadataFrom } from './decider.js';
import { deterministicEventId } from './deterministic-id.js';
import { type EventStreamStore, type ExpectedVersion } from './event-stream-store.js';
import { type DomainEvent, type LogPosition, type NewEvent, type RecordedEvent } from './events.js';
import { isConcurrencyError } from './stream-errors.js';
import { type UpcasterRegistry } from './upcasters.js';

export interface HandleCommandOptions<State, C extends Command, E extends DomainEvent> {
  readonly store: EventStreamStore;
  readonly streamId: string;
  readonly decider: Decider<State, C, E>;
  readonly command: C;
  /** Applied to loaded events; also gives the schema version new events are written at. */
  readonly upcasters?: UpcasterRegistry;
  /** Id of the `index`-th event of a command. Default: a UUID derived from the command id. */
  readonly eventId?: (commandId: string, index: number) => string;
  /** Load-decide-append attempts before a `ConcurrencyError` is given up to the caller. Default 3. */
  readonly maxAttempts?: number;
}

export interface CommandResult<State> {
  /** The stream version after the command; -1 when the stream still has no events. */
  readonly streamVersion: number;
  /** The log position of the command's last event (or of the stream's last, if it decided none). */
  readonly logPosition: LogPosition | undefined;
  readonly newEvents: readonly NewEvent[];
  /** The state after the command's events. */
  readonly state: State;
  /** True when the command had been handled before: nothing was decided or appended. */
  readonly replayed: boolean;
}

/**
 * Load the stream, fold it, decide, append with the loaded version as the expected
 * one; on a `ConcurrencyError` start again, at most `maxAttempts` times. Event ids come
 * from the command id, so a command handled twice (a client retry after a lost reply)
 * is recognised and answered with the original result instead of deciding again.
 */
export async function handleCommand<State, C extends Command, E extends DomainEvent>(
  options: HandleCommandOptions<State, C, E>,
): Promise<CommandResult<State>> {
  const maxAttempts = options.maxAttempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptCommand(options);
    } catch (error) {
      if (!isConcurrencyError(error) || attempt >= maxAttempts) throw error;
    }
  }
}

async function attemptCommand<State, C extends Command, E extends DomainEvent>(options: HandleCommandOptions<State, C, E>): Promise<CommandResult<State>> {
  const { store, streamId, decider, command, upcasters } = options;
  const idOf = options.eventId ?? deterministicEventId;
  const loaded = (await store.readStream(streamId)).map((event) => (upcasters ? upcasters.upcast(event) : event));
  const state = loaded.reduce((s, event) => decider.evolve(s, event as unknown as E), decider.initialState());
  const last = loaded.at(-1);
  const previous = replayOf(loaded, (index) => idOf(command.metadata.commandId, index));
  if (previous) return { ...previous, state, replayed: true };

  const decided = decider.decide(command, state);
  const newEvents = decided.map((event, index): NewEvent => ({
    eventId: idOf(command.metadata.commandId, index),
    type: event.type,
    data: event.data,
    schemaVersion: upcasters?.latestVersion(event.type) ?? 1,
    metadata: { ...eventMetadataFrom(command.metadata), ...event.metadata },
  }));
  const after = decided.reduce((s, event) => decider.evolve(s, event), state);
  if (newEvents.length === 0) return { streamVersion: last?.streamVersion ?? -1, logPosition: last?.logPosition, newEvents, state, replayed: false };

  const expected: ExpectedVersion = last === undefined ? 'no_stream' : last.streamVersion;
  const appended = await store.append(streamId, newEvents, expected);
  return { streamVersion: appended.streamVersion, logPosition: appended.logPosition, newEvents, state: after, replayed: false };
}

/** The events a previous handling of the same command appended, recognised by their derived ids. */
function replayOf(loaded: readonly RecordedEvent[], idOf: (index: number) => string): Omit<CommandResult<unknown>, 'state' | 'replayed'> | undefined {
  const start = loaded.findIndex((event) => event.eventId === idOf(0));
  if (start < 0) return undefined;
  let count = 1;
  while (loaded[start + count]?.eventId === idOf(count)) count++;
  const ofCommand = loaded.slice(start, start + count);
  const lastOfCommand = ofCommand.at(-1);
  return { streamVersion: lastOfCommand?.streamVersion ?? -1, logPosition: lastOfCommand?.logPosition, newEvents: ofCommand };
}
