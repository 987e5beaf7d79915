import { type Command, type Decider, type DomainEvent, UserError, streamIdOf, uuidV5 } from '@weft/kernel';
import { type WebhookRoute, describeRoute, normalizeWebhookRoute, webhookRouteKey } from './webhook-path.js';

// Internal to workflows: one stream per route (`METHOD path`), platform-wide, since
// `/webhook/{path}` has no organization in it. "Is this route taken?" is decided by
// the event store's optimistic append on that stream, not by a read model that lags
// and races. Never published: WorkflowActivated / WorkflowDeactivated carry the routes.
export type WebhookRouteReserved = DomainEvent<
  'WebhookRouteReserved',
  { method: string; path: string; workflowId: string; organizationId: string; reservedAt: string }
>;
export type WebhookRouteReleased = DomainEvent<
  'WebhookRouteReleased',
  { method: string; path: string; workflowId: string; organizationId: string; releasedAt: string }
>;
export type WebhookRouteEvent = WebhookRouteReserved | WebhookRouteReleased;

interface RouteClaim {
  readonly method: string;
  readonly path: string;
  readonly workflowId: string;
  readonly organizationId: string;
}

/**
 * Issued by the workflows feature before it appends `WorkflowActivated`, once per route
 * of the activation; a refusal aborts the activation (409) after releasing the routes it
 * had reserved for it. Not an HTTP command: no role check here.
 */
export type ReserveWebhookRoute = Command<'ReserveWebhookRoute', RouteClaim>;
/** After `WorkflowDeactivated` (or an aborted activation): frees the route if this workflow holds it. */
export type ReleaseWebhookRoute = Command<'ReleaseWebhookRoute', RouteClaim>;
export type WebhookRouteCommand = ReserveWebhookRoute | ReleaseWebhookRoute;

export type WebhookRouteState = { readonly status: 'free' } | { readonly status: 'reserved'; readonly workflowId: string; readonly organizationId: string };

/** The error an activation gets when another workflow (of any organization) holds a route: 409. */
export function webhookRouteTaken(route: WebhookRoute): UserError {
  const name = describeRoute(route);
  // The holder is not named: it may be another organization's workflow.
  return new UserError('conflict', 'webhook.route_taken', `The webhook ${name} is already used by another active workflow; choose another path.`, {
    route: name,
    method: route.method,
    path: route.path,
    errors: [{ field: 'path', message: `${name} is already taken` }],
  });
}

/** A free route is reserved; the same workflow again is a no-op (a retry, a re-activation); another is refused. */
export function decideWebhookRoute(command: WebhookRouteCommand, state: WebhookRouteState): WebhookRouteEvent[] {
  const route = normalizeWebhookRoute(command.data);
  const { workflowId, organizationId } = command.data;
  const at = command.metadata.now.toISOString();
  const data = { ...route, workflowId, organizationId };
  if (command.type === 'ReserveWebhookRoute') {
    if (state.status === 'free') return [{ type: 'WebhookRouteReserved', data: { ...data, reservedAt: at } }];
    if (state.workflowId === workflowId) return [];
    throw webhookRouteTaken(route);
  }
  if (state.status === 'free' || state.workflowId !== workflowId) return [];
  return [{ type: 'WebhookRouteReleased', data: { ...data, releasedAt: at } }];
}

export function evolveWebhookRoute(_state: WebhookRouteState, event: WebhookRouteEvent): WebhookRouteState {
  return event.type === 'WebhookRouteReserved'
    ? { status: 'reserved', workflowId: event.data.workflowId, organizationId: event.data.organizationId }
    : { status: 'free' };
}

/** The route reservation (one stream per `webhookRouteKey`) as a decider. */
export const webhookRouteDecider = {
  decide: decideWebhookRoute,
  evolve: evolveWebhookRoute,
  initialState: (): WebhookRouteState => ({ status: 'free' }),
} satisfies Decider<WebhookRouteState, WebhookRouteCommand, WebhookRouteEvent>;

/** Namespace of the route stream ids (v5 UUIDs of the route key). */
export const WEBHOOK_ROUTE_NAMESPACE = '5b0f2c1e-8d5a-4f0e-9a57-3c1f6b2d9e41';

/** `workflows.WebhookRoute-<uuid v5 of the route key>`: stream ids hold no slashes or spaces. */
export function webhookRouteStreamId(route: { readonly method: string; readonly path: string }): string {
  return streamIdOf('workflows', 'WebhookRoute', uuidV5(WEBHOOK_ROUTE_NAMESPACE, webhookRouteKey(normalizeWebhookRoute(route))));
}
