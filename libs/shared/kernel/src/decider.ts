import { type DomainEvent, type EventMetadata } from './events.js';

/**
 * What every command carries besides its data. Business logic takes time and ids from
 * here, never from `Date.now()` or a random generator, so that it stays pure and a
 * retried command decides the same events.
 */
export interface CommandMetadata {
  /** Unique per command instance; a client retrying a request sends the same id. */
  readonly commandId: string;
  /** The moment the command was accepted, as the business logic must see it. */
  readonly now: Date;
  readonly organizationId?: string;
  readonly actorId?: string;
  readonly correlationId?: string;
  readonly traceparent?: string;
}

export interface Command<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}

/**
 * An aggregate as three pure functions. `decide` turns a command into the events it
 * causes (or throws a `UserError`); `evolve` applies one event to the state; the state
 * of a stream is the fold of its events over `initialState()`.
 */
export interface Decider<State, C extends Command = Command, E extends DomainEvent = DomainEvent> {
  decide(command: C, state: State): readonly E[];
  evolve(state: State, event: E): State;
  initialState(): State;
}

/** Folds events over the decider's initial state. */
export function foldEvents<State, C extends Command, E extends DomainEvent>(decider: Decider<State, C, E>, events: readonly E[]): State {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState());
}

/** The metadata an event inherits from the command that caused it. */
export function eventMetadataFrom(command: CommandMetadata): EventMetadata {
  const metadata: Record<string, unknown> = {
    causationId: command.commandId,
    correlationId: command.correlationId ?? command.commandId,
  };
  if (command.organizationId !== undefined) metadata['organizationId'] = command.organizationId;
  if (command.actorId !== undefined) metadata['actorId'] = command.actorId;
  if (command.traceparent !== undefined) metadata['traceparent'] = command.traceparent;
  return metadata as EventMetadata;
}
