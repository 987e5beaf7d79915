import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Command, type CommandResult, type Decider, type DomainEvent, type EventStreamStore, loadState, handleCommand, streamIdOf } from '@weft/kernel';
import { EVENT_STORE, type OrganizationAccess, ReadYourWrites } from '@weft/nest';
import { WORKFLOWS_PROJECTION } from '@weft/read-model-workflows';
import { WORKFLOW_READ_MODELS } from './workflow-read-models.js';
import {
  type WebhookRoute,
  type WorkflowCommand,
  type WorkflowState,
  webhookNamespaceDecider,
  webhookNamespaceStreamId,
  webhookRouteDecider,
  webhookRouteStreamId,
  workflowDecider,
  workflowSlugDecider,
  workflowSlugStreamId,
} from '@weft/workflows-domain';

export const workflowStreamId = (workflowId: string) => streamIdOf('workflows', 'Workflow', workflowId);

/** The metadata of one command of a request, from what the access guard established. */
export function metadataOf(access: OrganizationAccess, requestId: string) {
  return { commandId: randomUUID(), now: new Date(), organizationId: access.organizationId, actorId: access.actorId, correlationId: requestId };
}

/**
 * Runs Workflow commands and the reservations around them (slugs per organization,
 * webhook routes platform-wide), then waits until the workflows read model shows the
 * change (read-your-writes).
 */
@Injectable()
export class WorkflowCommands {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStreamStore,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(WORKFLOW_READ_MODELS) private readonly alsoWaitFor: readonly string[],
  ) {}

  async workflow(workflowId: string, command: WorkflowCommand): Promise<CommandResult<WorkflowState>> {
    const streamId = workflowStreamId(workflowId);
    const result = await handleCommand({ store: this.store, streamId, decider: workflowDecider, command });
    await this.readYourWrites.afterCommand(streamId, result, [WORKFLOWS_PROJECTION, ...this.alsoWaitFor]);
    return result;
  }

  state(workflowId: string): Promise<WorkflowState> {
    return this.load(workflowStreamId(workflowId), workflowDecider);
  }

  async reserveSlug(organizationId: string, slug: string, workflowId: string, requestId: string): Promise<void> {
    const metadata = { commandId: randomUUID(), now: new Date(), correlationId: requestId };
    await handleCommand({ store: this.store, streamId: workflowSlugStreamId(organizationId, slug), decider: workflowSlugDecider, command: { type: 'ReserveWorkflowSlug', data: { organizationId, slug, workflowId }, metadata } });
  }

  async releaseSlug(organizationId: string, slug: string, workflowId: string, requestId: string): Promise<void> {
    const metadata = { commandId: randomUUID(), now: new Date(), correlationId: requestId };
    await handleCommand({ store: this.store, streamId: workflowSlugStreamId(organizationId, slug), decider: workflowSlugDecider, command: { type: 'ReleaseWorkflowSlug', data: { organizationId, slug, workflowId }, metadata } });
  }

  /** Reserves every route, or none: on a refusal the ones taken so far are given back and the 409 is rethrown. */
  async reserveRoutes(routes: readonly WebhookRoute[], workflowId: string, organizationId: string, requestId: string): Promise<void> {
    const reserved: WebhookRoute[] = [];
    try {
      for (const route of routes) {
        await this.route('ReserveWebhookRoute', route, workflowId, organizationId, requestId);
        reserved.push(route);
      }
    } catch (error) {
      await this.releaseRoutes(reserved, workflowId, organizationId, requestId);
      throw error;
    }
  }

  async releaseRoutes(routes: readonly WebhookRoute[], workflowId: string, organizationId: string, requestId: string): Promise<void> {
    for (const route of routes) await this.route('ReleaseWebhookRoute', route, workflowId, organizationId, requestId);
  }

  /** The organization's hold on the first segment `segment` for this workflow (409 when another organization has it). */
  async claimNamespace(segment: string, workflowId: string, organizationId: string, requestId: string): Promise<void> {
    await this.namespace('ClaimWebhookNamespace', segment, workflowId, organizationId, requestId);
  }

  async releaseNamespaces(segments: readonly string[], workflowId: string, organizationId: string, requestId: string): Promise<void> {
    for (const segment of segments) await this.namespace('ReleaseWebhookNamespace', segment, workflowId, organizationId, requestId);
  }

  private async namespace(type: 'ClaimWebhookNamespace' | 'ReleaseWebhookNamespace', segment: string, workflowId: string, organizationId: string, requestId: string): Promise<void> {
    const metadata = { commandId: randomUUID(), now: new Date(), organizationId, correlationId: requestId };
    await handleCommand({ store: this.store, streamId: webhookNamespaceStreamId(segment), decider: webhookNamespaceDecider, command: { type, data: { segment, workflowId, organizationId }, metadata } });
  }

  private async route(type: 'ReserveWebhookRoute' | 'ReleaseWebhookRoute', route: WebhookRoute, workflowId: string, organizationId: string, requestId: string): Promise<void> {
    const metadata = { commandId: randomUUID(), now: new Date(), organizationId, correlationId: requestId };
    const command = { type, data: { method: route.method, path: route.path, workflowId, organizationId }, metadata };
    await handleCommand({ store: this.store, streamId: webhookRouteStreamId(route), decider: webhookRouteDecider, command });
  }

  private load<S, C extends Command, E extends DomainEvent>(streamId: string, decider: Decider<S, C, E>): Promise<S> {
    return loadState(this.store, streamId, decider);
  }
}
