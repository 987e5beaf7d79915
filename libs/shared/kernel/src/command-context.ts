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

/** Metadata naming its actor, as an `ActorCommand` demands. */
export type ActorMetadata = CommandMetadata & { readonly actorId: string };
/** Metadata naming its organization and actor, as a `TenantCommand` demands. */
export type TenantMetadata = ActorMetadata & { readonly organizationId: string };

/** A context known to be in one organization and by one actor: what a `TenantCommand` needs. */
export interface TenantContext extends CommandContext {
  readonly organizationId: string;
  readonly actor: { readonly type: ActorType; readonly id: string };
}

/** The context with user `userId` acting: on public routes the edge knows nobody, and the credential itself (a password, a mailed token) tells who acts. */
export const asUser = (context: CommandContext, userId: string): CommandContext => ({ ...context, actor: { type: 'user', id: userId } });

/**
 * The context of an organization route (`@RequirePermission`: the access guard put the
 * principal and the organization on the request). Their absence is a wiring mistake (a
 * route without the decorator), never a client's: a plain `Error`, a 500.
 */
export function tenantContextOf(context: CommandContext): TenantContext {
  const { organizationId, actor } = context;
  if (organizationId === undefined || actor === undefined)
    throw new Error('This command needs the organization and the actor of its request; is the route missing @RequirePermission?');
  return { ...context, organizationId, actor };
}

/** `commandMetadata`, typed for an `ActorCommand` (a context without an actor is a wiring mistake). */
export function actorMetadata(context: CommandContext, now = new Date()): ActorMetadata {
  const { actor } = context;
  if (actor === undefined) throw new Error('This command needs an actor: make its metadata from a context that names one.');
  return { ...commandMetadata(context, now), actorId: actor.id };
}

/** `commandMetadata`, typed for a `TenantCommand`: organization and actor present. */
export function tenantMetadata(context: CommandContext, now = new Date()): TenantMetadata {
  const tenant = tenantContextOf(context);
  return { ...commandMetadata(tenant, now), organizationId: tenant.organizationId, actorId: tenant.actor.id };
}

/**
 * The current state of a stream, folded with its decider. The store gives back recorded
 * events of any type; that they are the decider's is what the stream id promises (each
 * stream is written by one decider), so the one cast lives here.
 */
export async function loadState<State, C extends Command, E extends DomainEvent>(
  store: EventStreamStore,
  streamId: string,
  decider: Decider<State, C, E>,
): Promise<State> {
  const events = (await store.readStream(streamId)) as unknown as readonly E[];
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState());
}
