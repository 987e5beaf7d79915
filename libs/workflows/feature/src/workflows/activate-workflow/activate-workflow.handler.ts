import { tenantMetadata, tenantContextOf, type TenantContext } from '@weft/kernel';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type WorkflowView, findWorkflowVersion } from '@weft/read-model-workflows';
import { type CredentialFacts, type ExistingWorkflow, requireLiteralFirstSegment, requireUsableFacts } from '@weft/workflows-domain';
import { CredentialUsePolicy } from '../../credentials/credential-use-policy.js';
import { WebhookReservations } from '../webhook-reservations.js';
import { type ActivationPlan, type Definition, activationFactsOf, definitionOf, invalidDefinition } from '../workflow-definition-facts.js';
import { WorkflowStreams, workflowNotFound } from '../workflow-streams.js';
import { WorkflowViews } from '../workflow-views.js';
import { ActivateWorkflowCommand } from './activate-workflow.command.js';

/**
 * Validates the version that will run (the published one, else the current), checks
 * that the activating principal may use its credentials (they become its runs'
 * authority), claims the organization's hold on the first segment of each webhook path
 * (409 when another organization has it), reserves the routes (409 when another workflow
 * holds one; nothing is kept then), activates, and gives back what an earlier activation
 * held and this one no longer uses.
 */
@CommandHandler(ActivateWorkflowCommand)
export class ActivateWorkflowHandler implements ICommandHandler<ActivateWorkflowCommand> {
  constructor(
    private readonly streams: WorkflowStreams,
    private readonly views: WorkflowViews,
    private readonly reservations: WebhookReservations,
    private readonly credentialUse: CredentialUsePolicy,
  ) {}

  async execute({ workflowId, actorRole, context }: ActivateWorkflowCommand): Promise<WorkflowView> {
    const tenant = tenantContextOf(context);
    const current = await this.views.require(tenant.organizationId, workflowId);
    const before = await this.streams.existing(tenant.organizationId, current.id);
    const plan = await this.planOf(await this.versionThatRuns(current, before, tenant.organizationId), tenant);
    const held = before.active?.webhooks ?? [];
    await this.reservations.take(plan.webhooks, held, current.id, context);
    try {
      await this.streams.run(current.id, { type: 'ActivateWorkflow', data: { actorRole, ...plan }, metadata: tenantMetadata(context) });
    } catch (error) {
      await this.reservations.giveBack(plan.webhooks, held, current.id, context);
      throw error;
    }
    await this.reservations.giveBack(held, plan.webhooks, current.id, context);
    return this.views.require(tenant.organizationId, current.id);
  }

  private async versionThatRuns(current: WorkflowView, state: ExistingWorkflow, organizationId: string): Promise<Definition> {
    const published = state.publishedVersion;
    if (published === null) return definitionOf(current);
    const version = await this.views.read(organizationId, (tx) => findWorkflowVersion(tx, current.id, published));
    if (version === undefined) throw workflowNotFound();
    return definitionOf(version);
  }

  /** What the activation registers, refused (422, 403) before anything is reserved. */
  private async planOf(definition: Definition, { organizationId, actor: { id: actorId } }: TenantContext): Promise<ActivationPlan & CredentialFacts> {
    const facts = activationFactsOf(definition);
    if (facts.validation.problems.length > 0) throw invalidDefinition(facts.validation.problems);
    for (const route of facts.webhooks) requireLiteralFirstSegment(route, route.nodeId);
    const credentialUse = await this.credentialUse.factsFor(organizationId, actorId, definition.nodes);
    requireUsableFacts(credentialUse);
    return { ...facts, credentialUse };
  }
}
