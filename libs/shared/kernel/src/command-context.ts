import { type ActorType, type CommandMetadata, type Decider, type Command } from './decider.js';
import { type DomainEvent } from './events.js';
import { type EventStreamStore } from './event-stream-store.js';

/**
 * Who and where a command comes from, as the edge established it: the actor, the
 * organization, the request it belongs to (correlation) and where that request came
 * from. The audit history reads these on every event (`eventMetadataFrom`).
 */
export interface CommandContext {
  readonly actor?: { readonly type: ActorType; readonly id: string };
  readonly organizationId?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly clientIp?: string;
  readonly userAgent?: string;
  readonly traceparent?: string;
}

/** The platform's own jobs (schedules, automatic retries, recovery): an actor too. */
export const SYSTEM_ACTOR = { type: 'system', id: 'weft' } as const;

/**
 * The one way a command's metadata is made: a fresh command id, the time it is
 * accepted, and the context's facts, each only when known (an absent fact takes no
 * bytes in the events).
 */
export function commandMetadata(context: CommandContext, now = new Date()): CommandMetadata {
  const { actor, organizationId, correlationId, causationId, clientIp, userAgent, traceparent } = context;
  return {
    commandId: crypto.randomUUID(),
    now,
    ...(organizationId === undefined ? {} : { organizationId }),
    ...(actor === undefined ? {} : { actorId: actor.id, actorType: actor.type }),
    ...(correlationId === undefined ? {} : { correlationId }),
    ...(causationId === undefined ? {} : { causationId }),
    ...(clientIp === undefined ? {} : { clientIp }),
    ...(userAgent === undefined ? {} : { userAgent }),
    ...(traceparent === undefined ? {} : { traceparent }),
  };
}

/**
 * The current state of a stream, folded with its decider. The store gives back recorded
 * events of any type; that they are the decider's is what the stream id promises (each
 * stream is written by one decider), so the one cast lives here.
 */
export async function loadState<State, C extends Command, E extends DomainEvent>(store: EventStreamStore, streamId: string, decider: Decider<State, C, E>): Promise<State> {
  const events = (await store.readStream(streamId)) as unknown as readonly E[];
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState());
}
