import { type Command, type Decider, type DomainEvent, UserError, streamIdOf, uuidV5 } from '@weft/kernel';
import { type WebhookRoute, describeRoute } from './webhook-path.js';

// `/webhook/{path}` names no organization, so paths are one namespace shared by every
// tenant. So that no tenant can ever receive a request meant for another, a path's
// first segment is literal and belongs to one organization: the first that activates a
// workflow under it, until none of its workflows does (../shared/design/api.md,
// Webhooks). Within the organization, n8n's routing rules apply. One stream per first
// segment (compared without case, so `Orders` and `orders` are one namespace), decided
// by the event store's optimistic append like the route reservations. Internal to
// workflows, never published.

export type WebhookNamespaceClaimed = DomainEvent<
  'WebhookNamespaceClaimed',
  { segment: string; organizationId: string; workflowId: string; claimedAt: string }
>;
export type WebhookNamespaceReleased = DomainEvent<
  'WebhookNamespaceReleased',
  { segment: string; organizationId: string; workflowId: string; releasedAt: string }
>;
export type WebhookNamespaceEvent = WebhookNamespaceClaimed | WebhookNamespaceReleased;

interface NamespaceClaim {
  /** The first segment, as the route has it. */
  readonly segment: string;
  readonly organizationId: string;
  readonly workflowId: string;
}

/** Before a workflow activates routes under `segment`: the organization's claim on it (409 when another holds it). */
export type ClaimWebhookNamespace = Command<'ClaimWebhookNamespace', NamespaceClaim>;
/** When the workflow no longer has an active route under `segment`. */
export type ReleaseWebhookNamespace = Command<'ReleaseWebhookNamespace', NamespaceClaim>;
export type WebhookNamespaceCommand = ClaimWebhookNamespace | ReleaseWebhookNamespace;

/** Held: by one organization, for the workflows of it that have active routes under the segment. */
export type WebhookNamespaceState =
  { readonly status: 'free' } | { readonly status: 'held'; readonly organizationId: string; readonly workflowIds: readonly string[] };

/** The namespace a route is in: its first segment, lower-cased. */
export const webhookNamespaceOf = (route: Pick<WebhookRoute, 'path'>): string => (route.path.split('/')[0] ?? '').toLowerCase();

/**
 * 422 unless the route's first segment is literal: a parameter there (`:tenant/orders`)
 * would catch every path of every organization. Checked when a workflow is activated.
 */
export function requireLiteralFirstSegment(route: WebhookRoute, nodeId: string): void {
  if (!route.path.startsWith(':')) return;
  const message =
    'the first segment of a webhook path must be literal (it names your organization’s part of the shared /webhook/ namespace); put parameters after it';
  throw new UserError(
    'unprocessable',
    'webhook.path_parameter_first',
    `The webhook ${describeRoute(route)} of node "${nodeId}" starts with a parameter: ${message}.`,
    {
      route: describeRoute(route),
      errors: [{ field: `nodes.${nodeId}.properties.path`, message }],
    },
  );
}

/** The error an activation gets when another organization holds the segment: 409, the holder not named. */
export function webhookNamespaceTaken(segment: string): UserError {
  return new UserError(
    'conflict',
    'webhook.namespace_taken',
    `Webhook paths under "${segment}/" belong to another organization; choose a path whose first segment is not taken.`,
    {
      segment,
      errors: [{ field: 'path', message: `the first segment "${segment}" belongs to another organization` }],
    },
  );
}

/** Free or held by the same organization: the workflow joins; another organization: refused. Releases are idempotent. */
export function decideWebhookNamespace(command: WebhookNamespaceCommand, state: WebhookNamespaceState): WebhookNamespaceEvent[] {
  const { organizationId, workflowId } = command.data;
  const segment = command.data.segment.toLowerCase();
  const at = command.metadata.now.toISOString();
  const held = state.status === 'held' && state.workflowIds.includes(workflowId);
  if (command.type === 'ClaimWebhookNamespace') {
    if (state.status === 'held' && state.organizationId !== organizationId) throw webhookNamespaceTaken(segment);
    return held ? [] : [{ type: 'WebhookNamespaceClaimed', data: { segment, organizationId, workflowId, claimedAt: at } }];
  }
  if (!held || state.organizationId !== organizationId) return [];
  return [{ type: 'WebhookNamespaceReleased', data: { segment, organizationId, workflowId, releasedAt: at } }];
}

export function evolveWebhookNamespace(state: WebhookNamespaceState, event: WebhookNamespaceEvent): WebhookNamespaceState {
  const holders = state.status === 'held' ? state.workflowIds : [];
  if (event.type === 'WebhookNamespaceClaimed')
    return { status: 'held', organizationId: event.data.organizationId, workflowIds: [...holders, event.data.workflowId] };
  const workflowIds = holders.filter((id) => id !== event.data.workflowId);
  return workflowIds.length === 0 || state.status !== 'held' ? { status: 'free' } : { ...state, workflowIds };
}

/** The namespace of one first segment as a decider. */
export const webhookNamespaceDecider = {
  decide: decideWebhookNamespace,
  evolve: evolveWebhookNamespace,
  initialState: (): WebhookNamespaceState => ({ status: 'free' }),
} satisfies Decider<WebhookNamespaceState, WebhookNamespaceCommand, WebhookNamespaceEvent>;

const WEBHOOK_NAMESPACE_NAMESPACE = '0d6f7c59-2e43-4b8a-9f1c-7a5e3b2d4c61';

/** `workflows.WebhookNamespace-<uuid v5 of the lower-cased segment>`. */
export const webhookNamespaceStreamId = (segment: string): string =>
  streamIdOf('workflows', 'WebhookNamespace', uuidV5(WEBHOOK_NAMESPACE_NAMESPACE, segment.toLowerCase()));
