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
  /** What `actorId` names: a user, an API key, or one of the platform's own jobs. */
  readonly actorType?: ActorType;
  /** The request (or run) the command belongs to; every event it causes carries it. */
  readonly correlationId?: string;
  /** What caused the command when it was not a request: an event, another command. */
  readonly causationId?: string;
  /** Where the request came from (the client address, as the gateway saw it). */
  readonly clientIp?: string;
  readonly userAgent?: string;
  readonly traceparent?: string;
}

/** Who issues commands: a user, an organization's API key, or the platform itself (schedules, retries, recovery). */
export type ActorType = 'user' | 'apiKey' | 'system';

/** A command an authenticated actor issues: the type demands `actorId`. */
export interface ActorCommand<Type extends string, Data> extends Command<Type, Data> {
  readonly metadata: CommandMetadata & { readonly actorId: string };
}

/** Tenancy by types: a command in an organization, by an actor; the type demands both. */
export interface TenantCommand<Type extends string, Data> extends Command<Type, Data> {
  readonly metadata: CommandMetadata & { readonly organizationId: string; readonly actorId: string };
}

/** A command in an organization that the platform may issue without an actor (a run's progress). */
export interface OrganizationCommand<Type extends string, Data> extends Command<Type, Data> {
  readonly metadata: CommandMetadata & { readonly organizationId: string };
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

const CARRIED = ['organizationId', 'actorId', 'actorType', 'clientIp', 'userAgent', 'traceparent'] as const;

/** The metadata an event inherits from the command that caused it: the command is its cause. */
export function eventMetadataFrom(command: CommandMetadata): EventMetadata {
  const metadata: Record<string, unknown> = {
    causationId: command.commandId,
    correlationId: command.correlationId ?? command.commandId,
  };
  for (const key of CARRIED) if (command[key] !== undefined) metadata[key] = command[key];
  return metadata as EventMetadata;
}
