import { Inject, Injectable } from '@nestjs/common';
import { type CommandContext, type EventStreamStore, commandMetadata, handleCommand, tenantContextOf } from '@weft/kernel';
import { EVENT_STORE } from '@weft/nest';
import {
  type ActiveWebhook,
  type WebhookNamespaceCommand,
  type WebhookRoute,
  type WebhookRouteCommand,
  webhookNamespaceDecider,
  webhookNamespaceOf,
  webhookNamespaceStreamId,
  webhookRouteDecider,
  webhookRouteKey,
  webhookRouteStreamId,
} from '@weft/workflows-domain';

/**
 * What an activation holds besides its Workflow stream: the organization's claim on the
 * first segment of each webhook path (`WebhookNamespace` streams) and each route
 * platform-wide (`WebhookRoute` streams), each decided by an optimistic append. The
 * context's organization is the one claiming; its request is the correlation.
 */
@Injectable()
export class WebhookReservations {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStreamStore) {}

  /**
   * Claims the namespace of every route (held ones too, a no-op then: an activation from
   * before the namespace rule gets its claim here), then reserves the routes `held` does
   * not have. All or nothing: on a 409, what this call took is given back.
   */
  async take(routes: readonly ActiveWebhook[], held: readonly ActiveWebhook[], workflowId: string, context: CommandContext): Promise<void> {
    const heldSegments = new Set(held.map(webhookNamespaceOf));
    const heldRoutes = new Set(held.map(webhookRouteKey));
    const claimed: string[] = [];
    try {
      for (const segment of new Set(routes.map(webhookNamespaceOf))) {
        await this.claimNamespace(segment, workflowId, context);
        if (!heldSegments.has(segment)) claimed.push(segment);
      }
      await this.reserveRoutes(
        routes.filter((route) => !heldRoutes.has(webhookRouteKey(route))),
        workflowId,
        context,
      );
    } catch (error) {
      for (const segment of claimed) await this.namespace('ReleaseWebhookNamespace', segment, workflowId, context);
      throw error;
    }
  }

  /** Releases the routes of `routes` that `kept` does not hold, then the namespaces no route of `kept` is under. */
  async giveBack(routes: readonly ActiveWebhook[], kept: readonly ActiveWebhook[], workflowId: string, context: CommandContext): Promise<void> {
    const keptRoutes = new Set(kept.map(webhookRouteKey));
    const keptSegments = new Set(kept.map(webhookNamespaceOf));
    for (const route of routes.filter((held) => !keptRoutes.has(webhookRouteKey(held)))) await this.route('ReleaseWebhookRoute', route, workflowId, context);
    for (const segment of new Set(routes.map(webhookNamespaceOf))) {
      if (!keptSegments.has(segment)) await this.namespace('ReleaseWebhookNamespace', segment, workflowId, context);
    }
  }

  /** The organization's hold on the first segment `segment` for this workflow (409 when another organization has it). */
  async claimNamespace(segment: string, workflowId: string, context: CommandContext): Promise<void> {
    await this.namespace('ClaimWebhookNamespace', segment, workflowId, context);
  }

  /** Every route, or none: on a refusal the ones taken so far are given back and the 409 is rethrown. */
  private async reserveRoutes(routes: readonly WebhookRoute[], workflowId: string, context: CommandContext): Promise<void> {
    const reserved: WebhookRoute[] = [];
    try {
      for (const route of routes) {
        await this.route('ReserveWebhookRoute', route, workflowId, context);
        reserved.push(route);
      }
    } catch (error) {
      for (const route of reserved) await this.route('ReleaseWebhookRoute', route, workflowId, context);
      throw error;
    }
  }

  private async namespace(type: WebhookNamespaceCommand['type'], segment: string, workflowId: string, context: CommandContext): Promise<void> {
    const { organizationId } = tenantContextOf(context);
    const command: WebhookNamespaceCommand = { type, data: { segment, workflowId, organizationId }, metadata: commandMetadata(context) };
    await handleCommand({ store: this.store, streamId: webhookNamespaceStreamId(segment), decider: webhookNamespaceDecider, command });
  }

  private async route(type: WebhookRouteCommand['type'], route: WebhookRoute, workflowId: string, context: CommandContext): Promise<void> {
    const { organizationId } = tenantContextOf(context);
    const command: WebhookRouteCommand = {
      type,
      data: { method: route.method, path: route.path, workflowId, organizationId },
      metadata: commandMetadata(context),
    };
    await handleCommand({ store: this.store, streamId: webhookRouteStreamId(route), decider: webhookRouteDecider, command });
  }
}
